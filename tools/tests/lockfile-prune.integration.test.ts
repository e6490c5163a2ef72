/**
 * The point of pruning, proven against the real engine: for every service Dockerfile with a
 * `lockfile` stage, a dependency change in ANOTHER workspace reruns the prune but leaves the
 * service's `deps` image (its npm ci layer) cached and identical; a change inside the service's
 * own closure does rebuild it (the control that shows the check can fail).
 *
 * Each build runs in a temp copy of exactly the files the `deps` stage reads, so the repository's
 * own lockfile is never touched. Needs a Docker engine and the base images (`npm run bases`), and
 * the npm registry on the first, uncached, install; without an engine it fails, it does not skip.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArgv, connectEngine, listImages, readImageId, removeImages, resolveCaBundle, runBuild, type Engine } from '@polystage/docker';
import { contextSourcesFor, parseDockerfile, resolveMirror, serviceBuildArgs, type DockerfileModel } from '@polystage/nx-docker';
import { formatLockfile } from '../src/lockfile-prune/format.ts';
import { pruneLockfile, type Lockfile } from '../src/lockfile-prune/prune.ts';
import { tempDirs } from '../src/offline-bases/test-tmp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TEST_IMAGE = 'polystage-lockfile-prune-test';
const tempDir = tempDirs('lockfile-prune-cache-');
// Every run changes the locks differently: BuildKit remembers earlier runs' builds too.
const RUN_ID = randomUUID().slice(0, 8);

/** services/<name>/Dockerfile files that prune the lockfile before installing. */
async function pruningServices(): Promise<Array<{ name: string; model: DockerfileModel }>> {
  const found = [];
  for (const name of (await readdir(join(ROOT, 'services'))).sort()) {
    const file = join('services', name, 'Dockerfile');
    if (!existsSync(join(ROOT, file))) continue;
    const model = parseDockerfile(await readFile(join(ROOT, file), 'utf8'), file);
    if (model.stages.some((stage) => stage.name === 'lockfile') && model.stages.some((stage) => stage.name === 'deps')) {
      found.push({ name, model });
    }
  }
  return found;
}

interface Build {
  imageId: string;
  seconds: number;
  /**
   * "[stage n/m] INSTRUCTION" of the steps that ran. Cached steps are not listed: BuildKit prints
   * them as CACHED, or not at all when it finds the stage's final layer in its cache.
   */
  ran: string[];
}

let engine: Engine;
beforeAll(async () => {
  engine = await connectEngine();
});

/** `docker build --target deps` of the temp context, with the executor's build args and CA bundle. */
async function buildDeps(model: DockerfileModel, context: string, tag: string): Promise<Build> {
  const mirror = await resolveMirror(ROOT);
  const iidFile = join(await tempDir(), 'iid');
  const caBundle = resolveCaBundle(ROOT);
  const command = buildArgv(engine.builder, {
    context,
    dockerfile: join(context, model.file),
    target: 'deps',
    tags: [`${TEST_IMAGE}:${tag}`],
    iidFile,
    buildArgs: serviceBuildArgs(model, mirror?.mirror),
    ...(caBundle ? { caBundle } : {}),
  });
  const run = await runBuild(engine, command);
  const seconds = run.milliseconds / 1000;
  if (run.exitCode !== 0) throw new Error(`docker build --target deps failed:\n${run.output}`);
  const names = new Map<string, string>();
  const cached = new Set<string>();
  for (const line of run.output.split('\n')) {
    const step = /^#(\d+) (\[[\w-]+ +\d+\/\d+\] .*)$/.exec(line);
    if (step) names.set(step[1]!, step[2]!.replace(/\s+/g, ' '));
    const hit = /^#(\d+) CACHED$/.exec(line);
    if (hit && names.has(hit[1]!)) cached.add(names.get(hit[1]!)!);
  }
  return { imageId: await readImageId(iidFile), seconds, ran: [...names.values()].filter((name) => !cached.has(name)) };
}

const LOCKFILE_PRUNE = /^\[lockfile \d+\/\d+\] RUN /;
const NPM_CI = /^\[deps \d+\/\d+\] RUN .*npm ci/;
const ranStep = (build: Build, pattern: RegExp): boolean => build.ran.some((name) => pattern.test(name));

afterAll(async () => {
  // Only this test's own repository.
  if (engine) await removeImages(engine, (await listImages(engine, { reference: TEST_IMAGE })).map((image) => image.ref));
});

const services = await pruningServices();

describe('pruned lockfile and the deps layer cache', () => {
  it('finds at least one service that prunes its lockfile', () => {
    expect(services.map((service) => service.name)).toContain('worker');
  });

  describe.each(services)('services/$name', ({ name, model }) => {
    it('keeps deps cached when another workspace changes its dependencies, and rebuilds it for its own', async () => {
      const workspace = `services/${name}`;
      const context = await tempDir();
      for (const path of [model.file, '.dockerignore', ...contextSourcesFor(model, 'deps').map((source) => source.path)]) {
        await mkdir(dirname(join(context, path)), { recursive: true });
        await cp(join(ROOT, path), join(context, path), { recursive: true });
      }
      const lockPath = join(context, 'package-lock.json');
      const original = JSON.parse(await readFile(lockPath, 'utf8')) as Lockfile;
      const closure = pruneLockfile(original, workspace);
      const writeLock = (lock: Lockfile) => writeFile(lockPath, formatLockfile(lock));

      const before = await buildDeps(model, context, `${name}-before`);

      // What `npm install <new package> -w <other>` writes: a new entry and a new edge.
      const other = Object.keys(original.packages).find(
        (path) => path !== '' && !path.includes('node_modules/') && !closure.localPackages.includes(path),
      )!;
      const unrelated = structuredClone(original);
      const added = `left-pad-${RUN_ID}`;
      unrelated.packages[other]!.dependencies = { ...unrelated.packages[other]!.dependencies, [added]: '1.3.0' };
      unrelated.packages[`node_modules/${added}`] = { version: '1.3.0', license: 'WTFPL' };
      await writeLock(unrelated);
      expect(formatLockfile(pruneLockfile(unrelated, workspace).lockfile)).toBe(formatLockfile(closure.lockfile));

      const afterUnrelated = await buildDeps(model, context, `${name}-unrelated`);
      // The change reached the build (the prune ran again) ...
      expect(ranStep(afterUnrelated, LOCKFILE_PRUNE), afterUnrelated.ran.join('\n')).toBe(true);
      // ... and stopped there: npm ci did not run, the deps image is the same image.
      expect(ranStep(afterUnrelated, NPM_CI), afterUnrelated.ran.join('\n')).toBe(false);
      expect(afterUnrelated.imageId).toBe(before.imageId);

      // Control: a change to a package in the service's own closure rebuilds deps.
      const own = structuredClone(original);
      const installed = Object.keys(closure.lockfile.packages).find((path) => path.startsWith('node_modules/') && !own.packages[path]!.link)!;
      own.packages[installed]!.license = `${own.packages[installed]!.license ?? 'UNLICENSED'} (test run ${RUN_ID})`;
      await writeLock(own);
      const afterOwn = await buildDeps(model, context, `${name}-own`);
      expect(ranStep(afterOwn, NPM_CI), afterOwn.ran.join('\n')).toBe(true);
      expect(afterOwn.imageId).not.toBe(before.imageId);

      console.info(
        `[lockfile-prune] ${workspace}: deps ${before.seconds.toFixed(1)} s; after ${other} gained a dependency ` +
          `${afterUnrelated.seconds.toFixed(1)} s (npm ci cached, same image); after a change in its own closure ` +
          `${afterOwn.seconds.toFixed(1)} s (npm ci ran)`,
      );
    });
  });
});
