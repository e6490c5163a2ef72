import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodes } from '../plugin.ts';
import { DockerfileError } from '../dockerfile/errors.ts';
import { contextGlobs } from './inputs.ts';

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

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'nx-docker-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function infer(root: string, files: string[]) {
  const [, create] = createNodes;
  const results = await create(files, undefined, { workspaceRoot: root, nxJsonConfiguration: {} });
  return Object.fromEntries(results.map(([file, result]) => [file, result.projects]));
}

describe('createNodes', () => {
  it('infers one docker-<stage> target per stage', async () => {
    const root = workspace({ 'services/worker/Dockerfile': FIVE_STAGES });
    const projects = await infer(root, ['services/worker/Dockerfile']);
    const targets = projects['services/worker/Dockerfile']!['services/worker']!.targets!;
    expect(Object.keys(targets)).toEqual(['docker-deps', 'docker-test', 'docker-build', 'docker-prod', 'docker-dev']);
    expect(targets['docker-prod']).toMatchObject({ dependsOn: ['docker-test'], cache: false, options: { target: 'prod' } });
    expect(targets['docker-test']).toMatchObject({ cache: true, outputs: [] });
    expect(targets['docker-test']!.inputs).toEqual([
      '{workspaceRoot}/services/worker/Dockerfile',
      '{workspaceRoot}/.dockerignore',
      ...contextGlobs('services/worker/package.json'),
      ...contextGlobs('services/worker/src'),
      '^production',
      { env: 'BASE_IMAGE_MIRROR' },
      { runtime: 'node node_modules/@polystage/nx-docker/src/bin/base-image-ids.ts services/worker/Dockerfile' },
    ]);
  });

  it('infers nothing when no Dockerfile is found', async () => {
    expect(await infer(workspace({ 'services/empty/project.json': '{}' }), [])).toEqual({});
  });

  it('gives a second Dockerfile in one project its own prefixed targets instead of clobbering the first', async () => {
    const root = workspace({
      'services/worker/Dockerfile': FIVE_STAGES,
      'services/worker/debug.Dockerfile': 'FROM scratch AS prod\n',
    });
    const projects = await infer(root, ['services/worker/Dockerfile', 'services/worker/debug.Dockerfile']);
    expect(Object.keys(projects['services/worker/debug.Dockerfile']!['services/worker']!.targets!)).toEqual(['docker-debug-prod']);
    expect(Object.keys(projects['services/worker/Dockerfile']!['services/worker']!.targets!)).toContain('docker-prod');
  });

  it('leaves smoke targets to the smoke kit, even beside smoke specs', async () => {
    const root = workspace({ 'services/worker/Dockerfile': FIVE_STAGES, 'services/worker/smoke/worker.smoke.test.ts': '' });
    const targets = (await infer(root, ['services/worker/Dockerfile']))['services/worker/Dockerfile']!['services/worker']!.targets!;
    expect(Object.keys(targets).filter((name) => name.includes('smoke'))).toEqual([]);
  });

  it('reports an unparseable Dockerfile with file:line', async () => {
    const root = workspace({ 'services/bad/Dockerfile': 'FROM scratch AS deps\nRUNN true\n' });
    // Nx gathers per-file failures into one AggregateCreateNodesError and prints each.
    const error = await infer(root, ['services/bad/Dockerfile']).catch((e: { errors: [string, Error][] }) => e);
    expect((error as { errors: [string, Error][] }).errors).toEqual([
      ['services/bad/Dockerfile', new DockerfileError('services/bad/Dockerfile', 2, 'cannot be parsed: Unknown instruction: RUNN')],
    ]);
  });
});

describe('contextGlobs', () => {
  it('maps COPY sources to workspace globs', () => {
    expect(contextGlobs('./services/api/src/')).toEqual(['{workspaceRoot}/services/api/src', '{workspaceRoot}/services/api/src/**/*']);
    expect(contextGlobs('services/api/*.toml')).toEqual(['{workspaceRoot}/services/api/*.toml']);
    expect(contextGlobs('.')).toEqual(['{workspaceRoot}/**/*']);
  });
});
