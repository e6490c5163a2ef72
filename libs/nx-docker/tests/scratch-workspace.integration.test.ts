/**
 * Drives the real plugin and executor through `nx run` against the real engine, in a throwaway
 * workspace whose Dockerfile needs no base image (FROM scratch), so it runs with no registry.
 * Once per backend: the BuildKit daemon builder `npm run setup` starts (buildx, remote driver),
 * and the engine's own BuildKit (BUILDER=engine).
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builderExports, connectEngine, inspectImage, listImages, removeImages, type Engine } from '@polystage/docker';
import { createNxWorkspace, type NxWorkspace } from '@polystage/testing/nx-workspace';

const BACKENDS = [
  { backend: 'the BuildKit daemon builder', env: {} as Record<string, string>, daemon: true },
  { backend: "the engine's own BuildKit", env: { BUILDER: 'engine' } as Record<string, string>, daemon: false },
];

describe.each(BACKENDS)('nx run <project>:docker-prod on a FROM scratch fixture, on $backend', ({ env, daemon }) => {
  const project = `nxdocker-it-${process.pid}-${daemon ? 'daemon' : 'engine'}`;
  let engine: Engine;
  let workspace: NxWorkspace;
  const nx = (...args: string[]) => workspace.nx(...args);
  const git = (...args: string[]) => workspace.git(...args);

  const inspect = (ref: string) => inspectImage(engine, ref);

  beforeAll(async () => {
    engine = await connectEngine({ env: { ...process.env, ...env } });
    // Each backend must really be the one named, or this suite would test one of them twice.
    if (builderExports(engine.builder) !== daemon) {
      throw new Error(`Expected ${daemon ? 'a BuildKit daemon builder' : "the engine's BuildKit"}, got ${engine.reasons.builder}; run \`npm run setup\` (as root) first.`);
    }
    workspace = await createNxWorkspace({
      fixture: join(import.meta.dirname, 'fixtures/scratch-workspace'),
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application', targets: { 'docker-prod': { options: { sizeBudgetMb: 1 } } } }) },
      env,
    });
  });

  afterAll(async () => {
    // Only this test's own images: every tag of its per-process repository.
    if (engine) await removeImages(engine, (await listImages(engine, { reference: project })).map((image) => image.ref));
    workspace?.dispose();
  });

  it('runs docker-test first, then builds prod tagged by stage and git sha with OCI labels', async () => {
    const run = await nx('run', `${project}:docker-prod`);
    expect(run.exitCode, run.all).toBe(0);
    const order = run.all.split('\n').filter((line) => line.includes(`nx run ${project}:docker-`));
    expect(order.map((line) => /:docker-(\w+)/.exec(line)![1])).toEqual(['test', 'prod']);

    const sha = (await git('rev-parse', 'HEAD')).trim();
    const prod = await inspect(`${project}:prod`);
    expect(prod, `${project}:prod was not created`).toBeDefined();
    expect(await inspect(`${project}:${sha.slice(0, 7)}`)).toBeDefined();
    expect(await inspect(`${project}:test`)).toBeDefined();
    expect(prod!.labels).toMatchObject({
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.title': 'hello',
    });
    expect(prod!.labels['org.opencontainers.image.created']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('replays docker-test from the Nx cache on a second run and still rebuilds the image', async () => {
    const before = await inspect(`${project}:prod`);
    const run = await nx('run', `${project}:docker-prod`);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toMatch(new RegExp(`nx run ${project}:docker-test\\s+\\[(existing outputs match the cache|local cache)`));
    expect(run.all).toContain(`Built ${project}:prod`);
    // On a BuildKit daemon the same commit rebuilds the same image ID (the engine's BuildKit 0.8 stamps
    // a new `created` each time); SOURCE_DATE_EPOCH keeps `created` at the commit time on a cold builder too.
    if (daemon) expect((await inspect(`${project}:prod`))?.id).toBe(before!.id);
  });

  it('reruns docker-test when a file the test stage copies changes, and stops prod when it fails', async () => {
    rmSync(join(workspace.dir, 'services/hello/expected.txt'));
    await git('commit', '-qam', 'break the test stage');
    const run = await nx('run', `${project}:docker-prod`);
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/docker build failed at step \[test 1\/1\] COPY services\/hello\/expected\.txt/);
    expect(run.all).not.toContain(`Built ${project}:prod`);
  });

  it('tags the new commit, read when the task runs rather than when the graph was cached', async () => {
    writeFileSync(join(workspace.dir, 'services/hello/expected.txt'), 'hello\n');
    appendFileSync(join(workspace.dir, 'services/hello/build-info.txt'), 'v2\n');
    await git('add', '-A');
    await git('commit', '-qm', 'fix and change build info');
    const sha = (await git('rev-parse', 'HEAD')).trim();
    const run = await nx('run', `${project}:docker-prod`);
    expect(run.exitCode, run.all).toBe(0);
    expect((await inspect(`${project}:${sha.slice(0, 7)}`))?.labels['org.opencontainers.image.revision']).toBe(sha);
  });

  it('records what it built: image ID, tags, size, layers, bases, builder, engine and the budget it was checked against', async () => {
    const record = JSON.parse(readFileSync(join(workspace.dir, `dist/images/${project}/prod.json`), 'utf8')) as Record<string, unknown>;
    const prod = await inspect(`${project}:prod`);
    expect(record).toMatchObject({
      project,
      stage: 'prod',
      imageId: prod!.id,
      sizeBytes: prod!.sizeBytes,
      layers: prod!.layers,
      sizeBudgetMb: 1,
      tags: expect.arrayContaining([`${project}:prod`]),
      // FROM scratch: no base image to record.
      baseImages: [],
      builder: daemon ? { kind: 'buildx', name: (engine.builder as { name: string }).name, driver: (engine.builder as { driver: string }).driver } : { kind: 'engine' },
      engineHost: engine.host.url,
    });
    expect(record['sizeBytes']).toBeGreaterThan(0);
  });

  it('fails an image over its budget (--sizeBudgetMb overrides project.json), naming size and budget, and keeps the previous tags', async () => {
    const before = await inspect(`${project}:prod`);
    appendFileSync(join(workspace.dir, 'services/hello/build-info.txt'), 'v3, a change the over-budget image carries\n');
    await git('commit', '-qam', 'grow the image');
    const sha = (await git('rev-parse', 'HEAD')).trim();

    const run = await nx('run', `${project}:docker-prod`, '--sizeBudgetMb=0.000001');
    expect(run.exitCode, run.all).not.toBe(0);
    expect(run.all).toMatch(new RegExp(`${project}:prod would be 0\\.0 MB, over the 0\\.000001 MB budget of ${project}:docker-prod by 0\\.0 MB; the image \\([0-9a-f]{12}\\) was not tagged and the previous ${project}:prod is kept\\.`));
    expect(run.all).toMatch(/Largest layers:\n +0\.0 MB {2}COPY /);
    expect((await inspect(`${project}:prod`))?.id).toBe(before!.id);
    expect(await inspect(`${project}:${sha.slice(0, 7)}`)).toBeUndefined();

    const within = await nx('run', `${project}:docker-prod`);
    expect(within.exitCode, within.all).toBe(0);
    expect((await inspect(`${project}:prod`))?.id).not.toBe(before!.id);
  });
});
