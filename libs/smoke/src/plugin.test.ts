import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodes } from './plugin.ts';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'smoke-plugin-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** The targets the plugin infers per project root, from the files Nx would match. */
async function infer(root: string, files: string[]) {
  const [, create] = createNodes;
  const results = await create(files, undefined, { workspaceRoot: root, nxJsonConfiguration: {} });
  return Object.fromEntries(results.flatMap(([, result]) => Object.entries(result.projects ?? {}).map(([projectRoot, project]) => [projectRoot, project.targets ?? {}])));
}

describe('the smoke plugin', () => {
  it('adds smoke, depending on the docker-prod of its project, once however many specs there are', async () => {
    const root = workspace({
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
    const root = workspace({
      'services/web/Dockerfile': 'FROM scratch AS prod\n',
      'services/web/smoke/prod.smoke.test.ts': '',
      'services/web/smoke/sidecars.json': JSON.stringify({ projects: ['api', 'gateway'] }),
    });
    const targets = (await infer(root, ['services/web/smoke/prod.smoke.test.ts', 'services/web/smoke/sidecars.json']))['services/web']!;
    expect(targets['smoke']!.dependsOn).toEqual(['docker-prod', { projects: ['api', 'gateway'], target: 'docker-prod' }]);
  });

  it('typechecks the smoke specs before running them when smoke/tsconfig.json exists', async () => {
    const root = workspace({
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
    const noDockerfile = workspace({ 'services/docs/smoke/x.smoke.test.ts': '' });
    expect(await infer(noDockerfile, ['services/docs/smoke/x.smoke.test.ts'])).toEqual({});
    const onlySidecars = workspace({ 'services/web/Dockerfile': 'FROM scratch AS prod\n', 'services/web/smoke/sidecars.json': '{"projects":["api"]}' });
    expect(await infer(onlySidecars, ['services/web/smoke/sidecars.json'])).toEqual({});
  });

  it('says how to fix a malformed sidecars.json, naming the file', async () => {
    const root = workspace({
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
