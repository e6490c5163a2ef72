import { runDocker, type DockerRunner } from '../run-docker.ts';

/** Where the engine is: what the docker client talks to, and so what every other client must talk to. */
export interface EngineHost {
  /** e.g. `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`, `ssh://builder`. */
  url: string;
  source: 'DOCKER_HOST' | 'context' | 'default';
  /** The docker context that named the host (source `context`). */
  context?: string;
  /** The context's TLS material (ca.pem, cert.pem, key.pem), when it has any. */
  tlsDir?: string;
  /** One sentence on why this host, for the doctor and for error messages. */
  reason: string;
}

export const DEFAULT_ENGINE_HOST = 'unix:///var/run/docker.sock';

/**
 * The engine the client will use, decided as the client decides it: DOCKER_HOST, else the current
 * docker context's endpoint (DOCKER_CONTEXT or `docker context use`), else the default socket.
 * Asking the client about its context (rather than reading ~/.docker ourselves) keeps the two in step.
 */
export async function resolveEngineHost(client: string, env: NodeJS.ProcessEnv = process.env, run: DockerRunner = runDocker): Promise<EngineHost> {
  const fromEnv = env['DOCKER_HOST']?.trim();
  if (fromEnv) return { url: fromEnv, source: 'DOCKER_HOST', reason: `DOCKER_HOST=${fromEnv}` };
  // Clients older than 19.03 have no contexts; they use DOCKER_HOST or the default socket.
  const inspected = await run(client, ['context', 'inspect', '--format', '{{json .}}'], { timeoutMs: 10_000 });
  const context = inspected.exitCode === 0 ? parseContext(inspected.stdout) : undefined;
  if (context && context.name !== 'default' && context.url) {
    return {
      url: context.url,
      source: 'context',
      context: context.name,
      ...(context.tlsDir ? { tlsDir: context.tlsDir } : {}),
      reason: `docker context "${context.name}" (${env['DOCKER_CONTEXT'] ? 'DOCKER_CONTEXT' : '`docker context use`'})`,
    };
  }
  const url = context?.url || DEFAULT_ENGINE_HOST;
  return { url, source: 'default', reason: 'no DOCKER_HOST and the default docker context' };
}

interface ContextFacts {
  name: string;
  url: string;
  tlsDir?: string;
}

/** `docker context inspect --format '{{json .}}'` of the current context. */
export function parseContext(json: string): ContextFacts | undefined {
  try {
    const context = JSON.parse(json) as {
      Name?: string;
      Endpoints?: { docker?: { Host?: string } };
      Storage?: { TLSPath?: string };
    };
    const tlsPath = context.Storage?.TLSPath;
    return {
      name: context.Name ?? '',
      url: context.Endpoints?.docker?.Host ?? '',
      // The default context keeps nothing on disk: its TLSPath reads `<IN MEMORY>`.
      ...(tlsPath && tlsPath.startsWith('/') ? { tlsDir: tlsPath } : {}),
    };
  } catch {
    return undefined;
  }
}
