/**
 * The bench's timings that touch the engine: one build, and `docker run` to healthy. Builds are
 * planned exactly as the Nx executor plans them (@polystage/docker's buildCommand with the base-image
 * mirror, revision labels and this machine's build settings), so the bench times what users get.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  buildCommand,
  containerLogs,
  outputTail,
  publishedAddress,
  readImageId,
  removeContainer,
  runBuild,
  startContainer,
  tagImage,
  type BuildSettings,
  type Engine,
} from '@polystage/docker';
import { parseDockerfile, readRevision, serviceBuildArgs, STAND_IN_BASES_LABEL } from '@polystage/nx-docker';

/** How this machine builds: the engine, and the real workspace's mirror and build settings. */
export interface BenchBuilder {
  engine: Engine;
  /** Base-image mirror of the real workspace (`.polystage/base-images.json` or BASE_IMAGE_MIRROR). */
  mirror: string | undefined;
  /** CA bundle, layer cache, pull: read once from the environment, as every build reads them. */
  settings: BuildSettings;
}

export interface BuildSpec {
  /** Workspace the build runs in (the context is its root). */
  root: string;
  dockerfile: string;
  target: string;
  /** Repository the build is tagged under; the bench's own, never a service's. */
  image: string;
  noCache?: boolean;
}

export interface TimedBuild {
  milliseconds: number;
  /** What this build made (`--iidfile`): sizes and runs measure exactly this image. */
  imageId: string;
}

/** One `docker build`; a failure throws with the tail of BuildKit's output. */
export async function timedBuild(builder: BenchBuilder, spec: BuildSpec): Promise<TimedBuild> {
  const model = parseDockerfile(await readFile(join(spec.root, spec.dockerfile), 'utf8'), spec.dockerfile);
  const scratch = await mkdtemp(join(tmpdir(), 'polystage-bench-'));
  try {
    const iidFile = join(scratch, 'iid');
    const command = buildCommand({
      builder: builder.engine.builder,
      dockerfile: spec.dockerfile,
      context: '.',
      target: spec.target,
      image: spec.image,
      buildArgs: serviceBuildArgs(model, builder.mirror),
      extraTags: [],
      revision: await readRevision(spec.root),
      ...builder.settings,
      ...(spec.noCache ? { noCache: true } : {}),
      labels: builder.mirror ? { [STAND_IN_BASES_LABEL]: builder.mirror } : {},
      iidFile,
    });
    const run = await runBuild(builder.engine, command, { cwd: spec.root });
    if (run.exitCode !== 0) {
      throw new Error(`docker build of ${spec.dockerfile} (target ${spec.target}) failed with exit code ${run.exitCode}:\n${outputTail(run)}`);
    }
    const imageId = await readImageId(iidFile);
    await tagImage(builder.engine, imageId, command.tags);
    return { milliseconds: run.milliseconds, imageId };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
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
  const started = performance.now();
  const id = await startContainer(engine, { image: spec.image, port: spec.port, ...(spec.env ? { env: spec.env } : {}) });
  try {
    const url = `http://${await publishedAddress(engine, id, spec.port)}${spec.healthPath}`;
    while (performance.now() - started < budget) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${spec.image} did not answer ${url} within ${budget / 1000} s. Last log lines:\n${await containerLogs(engine, id)}`);
  } finally {
    await removeContainer(engine, id);
  }
}
