// Containers run through the docker client, for tools that time or probe images from outside
// (the bench's `docker run` to healthy, stand-in version checks). Smoke tests use testcontainers
// on the same engine instead (testcontainers/runtime-env.ts).
import { firstErrorLine, runDocker, type DockerRunner, type RunResult } from '../run-docker.ts';
import type { Engine } from '../engine/connect.ts';

export interface OneShotRun {
  image: string;
  /** Replaces the image's ENTRYPOINT (`--entrypoint`). */
  entrypoint?: string;
  args?: readonly string[];
  /** `none` keeps a version probe from reaching anything. */
  network?: string;
  timeoutMs?: number;
}

/** `docker run --rm`: runs to completion and returns its exit code and output. */
export async function runToCompletion(engine: Pick<Engine, 'client'>, spec: OneShotRun, run: DockerRunner = runDocker): Promise<RunResult> {
  const args = [
    'run', '--rm',
    ...(spec.network ? ['--network', spec.network] : []),
    ...(spec.entrypoint ? ['--entrypoint', spec.entrypoint] : []),
    spec.image,
    ...(spec.args ?? []),
  ];
  return run(engine.client, args, { timeoutMs: spec.timeoutMs ?? 120_000 });
}

export interface DetachedRun {
  image: string;
  /** Container port published on a random port of 127.0.0.1. */
  port: number;
  env?: Record<string, string>;
}

/** `docker run --detach`: returns the container ID. */
export async function startContainer(engine: Pick<Engine, 'client'>, spec: DetachedRun, run: DockerRunner = runDocker): Promise<string> {
  const env = Object.entries(spec.env ?? {}).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const result = await run(engine.client, ['run', '--detach', '--publish', `127.0.0.1::${spec.port}`, ...env, spec.image], { timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`Starting ${spec.image} failed: ${firstErrorLine(result)}.`);
  return result.stdout;
}

/** `host:port` where a started container's port is published. */
export async function publishedAddress(engine: Pick<Engine, 'client'>, container: string, port: number, run: DockerRunner = runDocker): Promise<string> {
  const result = await run(engine.client, ['port', container, `${port}/tcp`]);
  const address = result.stdout.split('\n')[0]?.trim();
  if (result.exitCode !== 0 || !address) throw new Error(`Container ${container} publishes no port ${port}: ${firstErrorLine(result)}.`);
  return address;
}

/** The last lines a container printed (stdout and stderr). */
export async function containerLogs(engine: Pick<Engine, 'client'>, container: string, tail = 20, run: DockerRunner = runDocker): Promise<string> {
  const result = await run(engine.client, ['logs', '--tail', String(tail), container]);
  return [result.stdout, result.stderr].filter(Boolean).join('\n');
}

/** Kills and removes a container; one already gone is fine. */
export async function removeContainer(engine: Pick<Engine, 'client'>, container: string, run: DockerRunner = runDocker): Promise<void> {
  await run(engine.client, ['rm', '--force', container], { timeoutMs: 60_000 });
}
