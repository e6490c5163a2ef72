/**
 * The measurements that touch the engine: one timed build, image sizes, time to healthy.
 * Builds use the exact command the Nx executor would run (nx-docker's buildCommand, with its
 * base-image mirror and CA bundle), so the bench times what users get.
 */
import { performance } from 'node:perf_hooks';
import { createGzip } from 'node:zlib';
import { execa } from 'execa';
import { buildCommand, mirroredBuildArgs, parseDockerfile, resolveCaBundle, type DockerCli } from '@polystage/nx-docker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildSpec {
  /** Workspace the build runs in (the context is its root). */
  root: string;
  dockerfile: string;
  target: string;
  image: string;
  noCache?: boolean;
}

export interface Engine {
  cli: DockerCli;
  /** Base-image mirror of the real workspace (`.polystage/base-images.json` or BASE_IMAGE_MIRROR). */
  mirror: string | undefined;
  /** The real workspace root, where the CA bundle setting is resolved. */
  workspaceRoot: string;
}

/** Milliseconds for one `docker build`; a failure throws with the tail of BuildKit's output. */
export async function timedBuild(engine: Engine, spec: BuildSpec): Promise<number> {
  const model = parseDockerfile(readFileSync(join(spec.root, spec.dockerfile), 'utf8'), spec.dockerfile);
  const target = spec.target;
  const command = buildCommand({
    mode: engine.cli.mode,
    dockerfile: spec.dockerfile,
    context: '.',
    target,
    image: spec.image,
    buildArgs: mirroredBuildArgs(model.baseImageArgs, engine.mirror),
    extraTags: [],
    caBundle: resolveCaBundle(engine.workspaceRoot),
    noCache: spec.noCache,
  });
  const started = performance.now();
  const result = await execa(engine.cli.path, command.args, { cwd: spec.root, env: command.env, all: true, reject: false, stdin: 'ignore' });
  const elapsed = performance.now() - started;
  if (result.exitCode !== 0) {
    const tail = (result.all ?? '').split('\n').slice(-25).join('\n');
    throw new Error(`docker build of ${spec.dockerfile} (target ${target}) failed with exit code ${result.exitCode}:\n${tail}`);
  }
  return elapsed;
}

export async function imageBytes(engine: Engine, image: string): Promise<number> {
  return Number((await execa(engine.cli.path, ['image', 'inspect', '--format', '{{.Size}}', image])).stdout);
}

/** What a registry transfer costs: `docker save | gzip -6`, counted without writing a file. */
export async function compressedBytes(engine: Engine, image: string): Promise<number> {
  const save = execa(engine.cli.path, ['save', image], { buffer: false, stdout: 'pipe' });
  const gzip = createGzip({ level: 6 });
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  save.stdout!.pipe(gzip);
  await Promise.all([save, done]);
  return bytes;
}

export interface RunSpec {
  image: string;
  port: number;
  healthPath: string;
  env?: Record<string, string>;
  budgetMs?: number;
}

/** From `docker run` to the first 2xx on the health path, polled from the host every 50 ms. */
export async function timeToHealthy(engine: Engine, spec: RunSpec): Promise<number> {
  const budget = spec.budgetMs ?? 60_000;
  const envArgs = Object.entries(spec.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const started = performance.now();
  const { stdout: id } = await execa(engine.cli.path, ['run', '--detach', '--publish', `127.0.0.1::${spec.port}`, ...envArgs, spec.image]);
  try {
    const { stdout: mapping } = await execa(engine.cli.path, ['port', id, `${spec.port}/tcp`]);
    const url = `http://${mapping.split('\n')[0]!.trim()}${spec.healthPath}`;
    while (performance.now() - started < budget) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const logs = await execa(engine.cli.path, ['logs', '--tail', '20', id], { all: true, reject: false });
    throw new Error(`${spec.image} did not answer ${url} within ${budget / 1000} s. Last log lines:\n${logs.all}`);
  } finally {
    await execa(engine.cli.path, ['rm', '--force', id], { reject: false });
  }
}
