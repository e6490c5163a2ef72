import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DockerEngineError } from '../errors.ts';
import { runDocker, type DockerRunner } from '../run-docker.ts';

/** `buildx build --load`, or the classic `docker build` with `DOCKER_BUILDKIT=1`. */
export type BuildMode = 'buildx' | 'classic-buildkit';

/** The docker client builds and every other command run with. */
export interface DockerClient {
  path: string;
  mode: BuildMode;
  clientVersion: string;
  /** One sentence on why this client and mode were chosen, for the doctor and for logs. */
  reason: string;
}

/** Since Docker 23 the classic builder refuses BuildKit unless the buildx plugin is installed. */
const LAST_CLASSIC_BUILDKIT_MAJOR = 22;
const FALLBACK_CLIENTS = ['/usr/bin/docker', '/usr/local/bin/docker'];

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
  run?: DockerRunner;
  /** Client paths to try in order; default: every `docker` on PATH, then the usual install paths. */
  candidates?: string[];
}

/** Picks the docker client that can run BuildKit builds here, or explains why none can. */
export async function detectDockerClient(options: DetectOptions = {}): Promise<DockerClient> {
  const env = options.env ?? process.env;
  const run = options.run ?? runDocker;
  const override = env['DOCKER_CLI']?.trim();
  if (override) {
    const verdict = await judgeClient(override, run);
    if ('mode' in verdict) return { ...verdict, reason: `DOCKER_CLI=${override}: ${verdict.reason}` };
    throw new DockerEngineError(`DOCKER_CLI=${override} cannot run BuildKit builds: ${verdict.problem}. Unset DOCKER_CLI or point it at a client that can.`);
  }
  const candidates = options.candidates ?? dockerClientsOnPath(env);
  const problems: string[] = [];
  for (const path of candidates) {
    const verdict = await judgeClient(path, run);
    if ('mode' in verdict) {
      const skipped = problems.length ? ` (skipped: ${problems.join('; ')})` : '';
      return { ...verdict, reason: `${verdict.reason}${skipped}` };
    }
    problems.push(`${path}: ${verdict.problem}`);
  }
  throw new DockerEngineError(
    `No docker client here can run BuildKit builds. ${problems.join('; ') || 'No docker client found on PATH.'}. ` +
      'Install the buildx plugin (Debian: docker-buildx), or a Docker 18.09-22.x client such as Debian\'s docker.io, ' +
      'and run `npm run doctor` to check; DOCKER_CLI=<path> picks a client explicitly.',
  );
}

type Verdict = DockerClient | { problem: string };

async function judgeClient(path: string, run: DockerRunner): Promise<Verdict> {
  const buildx = await run(path, ['buildx', 'version']);
  const version = await run(path, ['version', '--format', '{{.Client.Version}}']);
  // `docker version` exits non-zero when no engine answers but still prints the client version.
  const clientVersion = version.stdout.split('\n')[0]?.trim() ?? '';
  if (buildx.exitCode === 0) {
    return { path, mode: 'buildx', clientVersion, reason: `${path} has buildx (${buildx.stdout.split('\n')[0]}), so builds use \`buildx build --load\`` };
  }
  if (!/^\d+\.\d+/.test(clientVersion)) return { problem: 'not a working docker client' };
  const major = Number(clientVersion.split('.')[0]);
  if (major <= LAST_CLASSIC_BUILDKIT_MAJOR) {
    return { path, mode: 'classic-buildkit', clientVersion, reason: `${path} is client ${clientVersion} without buildx but with BuildKit built in, so builds use DOCKER_BUILDKIT=1 docker build` };
  }
  return { problem: `client ${clientVersion} has no buildx plugin, and since Docker 23 its classic builder cannot use BuildKit without one` };
}

/** Every executable `docker` on PATH in PATH order, then well-known install paths not already listed. */
export function dockerClientsOnPath(env: NodeJS.ProcessEnv = process.env): string[] {
  const onPath = (env['PATH'] ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'docker'));
  return [...new Set([...onPath, ...FALLBACK_CLIENTS])].filter(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
