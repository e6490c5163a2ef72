import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/connect.ts';
import { DockerEngineError } from '../errors.ts';

/**
 * The environment that points testcontainers at the engine images are built in. Testcontainers
 * finds its engine by its own rules (~/.testcontainers.properties, DOCKER_HOST, the default
 * socket) and knows nothing of docker contexts, so a user with a context or a remote engine
 * would build in one engine and smoke-test in another. Setting DOCKER_HOST (and the context's
 * TLS material) from the connected engine makes both meet the same one. Apply it before
 * testcontainers' first call: it reads its configuration once per process.
 *
 * Ryuk (testcontainers' reaper) is a helper image pulled from Docker Hub; with no registry it can
 * never start, so it is off unless the caller already decided. The smoke kit removes its own
 * containers instead. This is the one place that decides it.
 */
export function testcontainersEnv(engine: Pick<Engine, 'host'>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const { url, source, tlsDir } = engine.host;
  if (!/^(unix|tcp|npipe):\/\//.test(url)) {
    throw new DockerEngineError(
      `Smoke containers cannot reach the engine at ${url} (${engine.host.reason}): testcontainers speaks only unix://, tcp:// and npipe://. ` +
        'Forward the engine to a local socket or a TCP port and point DOCKER_HOST there, for builds and smoke tests alike.',
    );
  }
  const vars: Record<string, string> = {
    DOCKER_HOST: url,
    TESTCONTAINERS_RYUK_DISABLED: env['TESTCONTAINERS_RYUK_DISABLED'] ?? 'true',
  };
  // A context keeps its TLS files under <TLSPath>/docker; DOCKER_HOST users set these variables themselves.
  const certs = tlsDir ? join(tlsDir, 'docker') : undefined;
  if (source === 'context' && certs && existsSync(join(certs, 'ca.pem'))) {
    vars['DOCKER_TLS_VERIFY'] = '1';
    vars['DOCKER_CERT_PATH'] = certs;
  }
  return vars;
}
