/**
 * `nx affected` is what CI builds from, so what it selects is asserted here, not assumed: each
 * case commits one change in a throwaway copy of this repo and compares the affected projects
 * with the exact list a reviewer would expect.
 */
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';

const SERVICES = ['api', 'gateway', 'reports', 'web', 'worker'];

/** One line added to a file, in the file's own comment syntax, so each change is a plausible edit. */
const appendTo = (file: string, line: string) => (root: string) => appendFileSync(join(root, file), `${line}\n`);

const cases: { change: string; edit: (root: string) => void; affected: string[] }[] = [
  { change: 'a Go source file', edit: appendTo('services/gateway/cmd/gateway/main.go', '// touched'), affected: ['gateway'] },
  { change: "the api's lockfile (uv.lock)", edit: appendTo('services/api/uv.lock', ''), affected: ['api'] },
  {
    change: 'the shared smoke kit (libs/smoke)',
    edit: appendTo('libs/smoke/src/index.ts', '// touched'),
    affected: ['smoke', 'system', ...SERVICES].sort(),
  },
  {
    change: 'the image builder (libs/nx-docker build command)',
    edit: appendTo('libs/nx-docker/src/build/build-command.ts', '// touched'),
    affected: ['nx-docker', 'system', 'tools', ...SERVICES].sort(),
  },
  { change: 'the root .dockerignore', edit: appendTo('.dockerignore', '# touched'), affected: SERVICES },
  { change: 'a CI workflow', edit: appendTo('.github/workflows/ci.yml', '# touched'), affected: ['system'] },
  { change: 'the README', edit: appendTo('README.md', 'A line of prose.'), affected: [] },
];

let workspace: ThrowawayWorkspace;

beforeAll(async () => {
  workspace = await createThrowawayWorkspace(resolve(import.meta.dirname, '../..'));
});

afterAll(() => workspace?.dispose());

describe('nx show projects --affected, one committed change at a time', () => {
  it.each(cases)('$change -> $affected', async ({ edit, affected }) => {
    expect(await workspace.affectedBy(edit)).toEqual(affected);
  });
});
