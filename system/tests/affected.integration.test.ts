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

/**
 * `affected` is every project a change reaches; `builds` is the part of it with a docker-prod
 * target, the images CI rebuilds. The system project depends on all five services (its flow
 * test runs their images), so any service change reaches it: that is the one re-run of the
 * full flow, not another image build.
 */
const cases: { change: string; edit: (root: string) => void; affected: string[]; builds: string[] }[] = [
  {
    change: 'a Go source file',
    edit: appendTo('services/gateway/cmd/gateway/main.go', '// touched'),
    affected: ['gateway', 'system'],
    builds: ['gateway'],
  },
  {
    change: "the api's lockfile (uv.lock)",
    edit: appendTo('services/api/uv.lock', ''),
    affected: ['api', 'system'],
    builds: ['api'],
  },
  {
    change: 'the shared smoke kit (libs/smoke)',
    edit: appendTo('libs/smoke/src/index.ts', '// touched'),
    affected: ['smoke', 'system', ...SERVICES].sort(),
    builds: SERVICES,
  },
  {
    change: 'the image builder (libs/nx-docker build executor)',
    edit: appendTo('libs/nx-docker/src/executors/build/executor.ts', '// touched'),
    affected: ['nx-docker', 'system', 'tools', ...SERVICES].sort(),
    builds: SERVICES,
  },
  {
    change: 'the engine module (libs/docker build command)',
    edit: appendTo('libs/docker/src/build/build-command.ts', '// touched'),
    affected: ['docker', 'nx-docker', 'smoke', 'system', 'tools', ...SERVICES].sort(),
    builds: SERVICES,
  },
  { change: 'the root .dockerignore', edit: appendTo('.dockerignore', '# touched'), affected: ['system', ...SERVICES].sort(), builds: SERVICES },
  { change: 'a CI workflow', edit: appendTo('.github/workflows/ci.yml', '# touched'), affected: ['system'], builds: [] },
  { change: 'the README', edit: appendTo('README.md', 'A line of prose.'), affected: [], builds: [] },
];

let workspace: ThrowawayWorkspace;

// Copying the repo and running nx without its daemon takes seconds on an idle machine and many
// times that with the two cores shared by other builds. The bound only stops a hung nx.
const NX_BOUND_MS = 300_000;

beforeAll(async () => {
  workspace = await createThrowawayWorkspace(resolve(import.meta.dirname, '../..'));
}, NX_BOUND_MS);

afterAll(() => workspace?.dispose());

let withDockerProd: string[];

describe('nx show projects --affected, one committed change at a time', () => {
  beforeAll(async () => {
    withDockerProd = JSON.parse(await workspace.nx('show', 'projects', '--with-target', 'docker-prod', '--json')) as string[];
    expect(withDockerProd.sort()).toEqual(SERVICES);
  }, NX_BOUND_MS);

  it.each(cases)('$change -> builds $builds', async ({ edit, affected, builds }) => {
    const got = await workspace.affectedBy(edit);
    expect(got).toEqual(affected);
    expect(got.filter((project) => withDockerProd.includes(project))).toEqual(builds);
  }, NX_BOUND_MS);
});
