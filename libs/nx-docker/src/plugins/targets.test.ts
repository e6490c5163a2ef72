import { describe, expect, it } from 'vitest';
import { inferNodes, writeWorkspace } from '@polystage/testing/plugin-workspace';
import { createNodes, type DockerPluginOptions } from '../plugin.ts';
import { DockerfileError } from '../dockerfile/errors.ts';
import { baseImageArgument, contextGlobs, parseBaseImageArgument } from './inputs.ts';
import { normalizeOptions } from './options.ts';
import { targetName } from './targets.ts';

const FIVE_STAGES = [
  'ARG NODE_IMAGE=node:24-trixie-slim',
  'FROM ${NODE_IMAGE} AS deps',
  'COPY services/worker/package.json ./',
  'FROM deps AS test',
  'COPY services/worker/src ./src',
  'FROM deps AS build',
  'FROM scratch AS prod',
  'COPY --from=build /app /app',
  'FROM deps AS dev',
].join('\n');

const DEFAULTS = normalizeOptions(undefined);

/** The inferred projects, keyed by the Dockerfile Nx matched, then by project root. */
async function infer(root: string, files: string[], options?: DockerPluginOptions) {
  const [, create] = createNodes;
  const results = await create(files, options, { workspaceRoot: root, nxJsonConfiguration: {} });
  return Object.fromEntries(results.map(([file, result]) => [file, result.projects]));
}

async function targetsOf(files: Record<string, string>, options?: DockerPluginOptions) {
  const root = writeWorkspace(files);
  const { projects } = await inferNodes(createNodes, root, Object.keys(files).filter((file) => /Dockerfile$/.test(file)), options);
  return Object.values(projects)[0]!;
}

describe('createNodes', () => {
  it('infers one docker-<stage> target per stage', async () => {
    const root = writeWorkspace({ 'services/worker/Dockerfile': FIVE_STAGES });
    const projects = await infer(root, ['services/worker/Dockerfile']);
    const targets = projects['services/worker/Dockerfile']!['services/worker']!.targets!;
    expect(Object.keys(targets)).toEqual(['docker-deps', 'docker-test', 'docker-build', 'docker-prod', 'docker-dev', 'docker-lint', 'docker-publish']);
    expect(targets['docker-prod']).toMatchObject({ dependsOn: ['docker-test'], cache: false, options: { target: 'prod' } });
    // Publishing pushes the image docker-prod built, after its smoke tests.
    // Mutation guarded: the lint target dropped, not cached, or not told which Dockerfile.
    expect(targets['docker-lint']).toMatchObject({ executor: '@polystage/nx-docker:lint', options: { dockerfile: 'services/worker/Dockerfile' }, cache: true });
    expect(targets['docker-lint']!.inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/services/worker/Dockerfile', '{workspaceRoot}/.dockerignore']));
    expect(targets['docker-publish']).toMatchObject({
      executor: '@polystage/nx-docker:publish',
      options: { buildTarget: 'docker-prod' },
      dependsOn: ['docker-prod', 'smoke'],
      cache: false,
    });
    // Which platforms docker-prod builds and docker-publish pushes is in their hash; the host-only stages leave it out.
    // Mutation guarded: BUILD_PLATFORMS dropped from either, or added to a check stage.
    expect(targets['docker-prod']!.inputs).toEqual(['default', '^default', { env: 'BUILD_PLATFORMS' }]);
    expect(targets['docker-publish']!.inputs).toEqual(['default', '^default', { env: 'BUILD_PLATFORMS' }]);
    expect(targets['docker-dev']!.inputs).toBeUndefined();
    expect(targets['docker-test']).toMatchObject({ cache: true, outputs: [] });
    expect(targets['docker-test']!.inputs).toEqual([
      '{workspaceRoot}/services/worker/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      ...contextGlobs('services/worker/package.json'),
      ...contextGlobs('services/worker/src'),
      '^production',
      { env: 'BASE_IMAGE_MIRROR' },
      { runtime: 'node node_modules/@polystage/nx-docker/src/bin/base-image-ids.ts NODE_IMAGE=node:24-trixie-slim' },
    ]);
  });

  it('infers nothing when no Dockerfile is found', async () => {
    expect(await infer(writeWorkspace({ 'services/empty/project.json': '{}' }), [])).toEqual({});
  });

  it('gives a second Dockerfile in one project its own prefixed targets instead of clobbering the first', async () => {
    const root = writeWorkspace({
      'services/worker/Dockerfile': FIVE_STAGES,
      'services/worker/debug.Dockerfile': 'FROM scratch AS prod\n',
    });
    const projects = await infer(root, ['services/worker/Dockerfile', 'services/worker/debug.Dockerfile']);
    expect(Object.keys(projects['services/worker/debug.Dockerfile']!['services/worker']!.targets!)).toEqual(['docker-debug-prod', 'docker-debug-lint', 'docker-debug-publish']);
    expect(Object.keys(projects['services/worker/Dockerfile']!['services/worker']!.targets!)).toContain('docker-prod');
  });

  it('leaves smoke targets to the smoke kit, even beside smoke specs', async () => {
    const root = writeWorkspace({ 'services/worker/Dockerfile': FIVE_STAGES, 'services/worker/smoke/worker.smoke.test.ts': '' });
    const targets = (await infer(root, ['services/worker/Dockerfile']))['services/worker/Dockerfile']!['services/worker']!.targets!;
    expect(Object.keys(targets).filter((name) => name.includes('smoke'))).toEqual([]);
  });

  it('reports an unparseable Dockerfile with file:line', async () => {
    const root = writeWorkspace({ 'services/bad/Dockerfile': 'FROM scratch AS deps\nRUNN true\n' });
    // Nx gathers per-file failures into one AggregateCreateNodesError and prints each.
    const error = await infer(root, ['services/bad/Dockerfile']).catch((e: { errors: [string, Error][] }) => e);
    expect((error as { errors: [string, Error][] }).errors).toEqual([
      ['services/bad/Dockerfile', new DockerfileError('services/bad/Dockerfile', 2, 'cannot be parsed: Unknown instruction: RUNN')],
    ]);
  });
});

describe('plugin options', () => {
  const WITH_HELPERS = [
    'ARG NODE_IMAGE=node:24-trixie-slim',
    'FROM ${NODE_IMAGE} AS lockfile',
    'FROM ${NODE_IMAGE} AS deps',
    'COPY --from=lockfile /lock /lock',
    'FROM deps AS test',
    'FROM deps AS build',
    'FROM scratch AS node-binary',
    'FROM scratch AS prod',
    'COPY --from=build /app /app',
    'COPY --from=node-binary /node /node',
    'FROM deps AS dev',
  ].join('\n');

  it('keeps helper stages out of the targets by default, and groups the docker targets', async () => {
    const project = await targetsOf({ 'services/worker/Dockerfile': WITH_HELPERS });
    expect(Object.keys(project.targets!)).toEqual(['docker-deps', 'docker-test', 'docker-build', 'docker-prod', 'docker-dev', 'docker-lint', 'docker-publish']);
    expect(project.metadata?.targetGroups).toEqual({ Docker: ['docker-deps', 'docker-test', 'docker-build', 'docker-prod', 'docker-dev', 'docker-lint', 'docker-publish'] });
  });

  it('makes every named stage a target with helperStages: "targets"', async () => {
    const project = await targetsOf({ 'services/worker/Dockerfile': WITH_HELPERS }, { helperStages: 'targets' });
    expect(Object.keys(project.targets!)).toEqual([
      'docker-lockfile', 'docker-deps', 'docker-test', 'docker-build', 'docker-node-binary', 'docker-prod', 'docker-dev', 'docker-lint', 'docker-publish',
    ]);
  });

  it('names targets with targetPrefix, and prod depends on every check stage under that name', async () => {
    const project = await targetsOf({ 'services/worker/Dockerfile': WITH_HELPERS }, { targetPrefix: 'image:', checkStages: ['test', 'lockfile'] });
    expect(Object.keys(project.targets!)).toEqual(['image:lockfile', 'image:deps', 'image:test', 'image:build', 'image:prod', 'image:dev', 'image:lint', 'image:publish']);
    expect(project.targets!['image:prod']!.dependsOn).toEqual(['image:lockfile', 'image:test']);
    expect(project.targets!['image:lockfile']).toMatchObject({ cache: true, outputs: [] });
  });

  it('takes the stages that are always targets from stages', async () => {
    const project = await targetsOf({ 'services/worker/Dockerfile': WITH_HELPERS }, { stages: ['prod', 'lockfile'] });
    // deps and build are now helpers (other stages build on them); test and dev are built on by nothing.
    expect(Object.keys(project.targets!)).toEqual(['docker-lockfile', 'docker-test', 'docker-prod', 'docker-dev', 'docker-lint', 'docker-publish']);
  });

  it('rejects a malformed option with one line naming it and the fix', async () => {
    const root = writeWorkspace({ 'services/worker/Dockerfile': WITH_HELPERS });
    await expect(infer(root, ['services/worker/Dockerfile'], { stage: ['prod'] } as DockerPluginOptions)).rejects.toThrow(
      /^@polystage\/nx-docker option "stage" in nx.json is not an option; the options are targetPrefix, stages, helperStages, checkStages, publishAfter\.$/,
    );
    await expect(infer(root, ['services/worker/Dockerfile'], { helperStages: 'all' } as unknown as DockerPluginOptions)).rejects.toThrow(
      '@polystage/nx-docker option "helperStages" in nx.json must be "hidden" or "targets".',
    );
    expect(() => normalizeOptions({ stages: 'prod' })).toThrow(/option "stages" in nx.json must be a list of stage names/);
  });

  it('names variant targets after the Dockerfile with the prefix first', () => {
    expect(targetName(DEFAULTS, 'prod', 'debug')).toBe('docker-debug-prod');
    expect(targetName({ targetPrefix: 'img-' }, 'prod')).toBe('img-prod');
  });
});

describe('base image arguments of the runtime input', () => {
  it('round-trip an ARG-named base and a literal one', () => {
    for (const base of [{ arg: 'PYTHON_IMAGE', ref: 'python:3.13-slim-trixie' }, { ref: 'debian:trixie-slim' }]) {
      expect(parseBaseImageArgument(baseImageArgument(base))).toEqual(base);
    }
  });
});

describe('contextGlobs', () => {
  it('maps COPY sources to workspace globs', () => {
    expect(contextGlobs('./services/api/src/')).toEqual(['{workspaceRoot}/services/api/src', '{workspaceRoot}/services/api/src/**/*']);
    expect(contextGlobs('services/api/*.toml')).toEqual(['{workspaceRoot}/services/api/*.toml']);
    expect(contextGlobs('.')).toEqual(['{workspaceRoot}/**/*']);
  });
});
