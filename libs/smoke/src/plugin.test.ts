import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferNodes, writeWorkspace } from '@polystage/testing/plugin-workspace';
import { createNodes } from './plugin.ts';
import type { SmokePluginOptions } from './plugins/smoke-targets.ts';

/** The targets the plugin infers per project root, from the files Nx would match. */
async function infer(root: string, files: string[], options?: SmokePluginOptions) {
  const { projects } = await inferNodes(createNodes, root, files, options);
  return Object.fromEntries(Object.entries(projects).map(([projectRoot, project]) => [projectRoot, project.targets ?? {}]));
}

describe('the smoke plugin', () => {
  it('adds smoke, depending on the docker-prod of its project, once however many specs there are', async () => {
    const root = writeWorkspace({
      'services/worker/Dockerfile': 'FROM scratch AS prod\n',
      'services/worker/smoke/a.smoke.test.ts': '',
      'services/worker/smoke/b.smoke.test.ts': '',
    });
    const results = await createNodes[1](['services/worker/smoke/b.smoke.test.ts', 'services/worker/smoke/a.smoke.test.ts'], undefined, { workspaceRoot: root, nxJsonConfiguration: {} });
    expect(results.map(([file]) => file)).toEqual(['services/worker/smoke/a.smoke.test.ts']);
    const targets = (await infer(root, ['services/worker/smoke/a.smoke.test.ts']))['services/worker']!;
    expect(Object.keys(targets)).toEqual(['smoke']);
    expect(targets['smoke']).toMatchObject({
      // The kit's own config, wherever the kit sits relative to the workspace (libs/smoke/… in this repo).
      command: `vitest run --config ${relative(root, join(import.meta.dirname, '../vitest.smoke.config.ts'))} services/worker/smoke`,
      dependsOn: ['docker-prod'],
      cache: false,
    });
  });

  it("turns smoke/sidecars.json into edges on the other projects' docker-prod", async () => {
    const root = writeWorkspace({
      'services/web/Dockerfile': 'FROM scratch AS prod\n',
      'services/web/smoke/prod.smoke.test.ts': '',
      'services/web/smoke/sidecars.json': JSON.stringify({ projects: ['api', 'gateway'] }),
    });
    const targets = (await infer(root, ['services/web/smoke/prod.smoke.test.ts', 'services/web/smoke/sidecars.json']))['services/web']!;
    expect(targets['smoke']!.dependsOn).toEqual(['docker-prod', { projects: ['api', 'gateway'], target: 'docker-prod' }]);
  });

  it('follows a renamed prod target (prodTarget), and rejects an unknown option in one line', async () => {
    const root = writeWorkspace({
      'services/web/Dockerfile': 'FROM scratch AS prod\n',
      'services/web/smoke/prod.smoke.test.ts': '',
      'services/web/smoke/sidecars.json': JSON.stringify({ projects: ['api'] }),
    });
    const targets = (await infer(root, ['services/web/smoke/prod.smoke.test.ts'], { prodTarget: 'image-prod' }))['services/web']!;
    expect(targets['smoke']!.dependsOn).toEqual(['image-prod', { projects: ['api'], target: 'image-prod' }]);
    await expect(infer(root, ['services/web/smoke/prod.smoke.test.ts'], { prodTraget: 'x' } as SmokePluginOptions)).rejects.toThrow(
      '@polystage/smoke option "prodTraget" in nx.json is not an option; the only option is prodTarget.',
    );
  });

  it('typechecks the smoke specs before running them when smoke/tsconfig.json exists', async () => {
    const root = writeWorkspace({
      'services/worker/Dockerfile': 'FROM scratch AS prod\n',
      'services/worker/smoke/worker.smoke.test.ts': '',
      'services/worker/smoke/tsconfig.json': '{}',
    });
    const targets = (await infer(root, ['services/worker/smoke/worker.smoke.test.ts']))['services/worker']!;
    expect(targets['smoke']).toMatchObject({ dependsOn: ['smoke-typecheck', 'docker-prod'] });
    expect(targets['smoke-typecheck']).toMatchObject({
      command: 'tsc --noEmit -p services/worker/smoke',
      cache: true,
      inputs: ['{projectRoot}/smoke/**/*', '{workspaceRoot}/tsconfig.base.json', '^production'],
    });
  });

  it('infers nothing without a Dockerfile to build the tested image from, or without specs', async () => {
    const noDockerfile = writeWorkspace({ 'services/docs/smoke/x.smoke.test.ts': '' });
    expect(await infer(noDockerfile, ['services/docs/smoke/x.smoke.test.ts'])).toEqual({});
    const onlySidecars = writeWorkspace({ 'services/web/Dockerfile': 'FROM scratch AS prod\n', 'services/web/smoke/sidecars.json': '{"projects":["api"]}' });
    expect(await infer(onlySidecars, ['services/web/smoke/sidecars.json'])).toEqual({});
  });

  it('says how to fix a malformed sidecars.json, naming the file', async () => {
    const root = writeWorkspace({
      'services/web/Dockerfile': 'FROM scratch AS prod\n',
      'services/web/smoke/prod.smoke.test.ts': '',
      'services/web/smoke/sidecars.json': '["api"]',
    });
    const error = await infer(root, ['services/web/smoke/prod.smoke.test.ts']).catch((e: { errors: [string, Error][] }) => e);
    expect((error as { errors: [string, Error][] }).errors.map(([file, e]) => [file, e.message])).toEqual([
      [
        'services/web/smoke/prod.smoke.test.ts',
        'services/web/smoke/sidecars.json must be {"projects": ["<project>", ...]}, naming the projects whose prod images the smoke specs start; fix it or delete it.',
      ],
    ]);
  });
});
