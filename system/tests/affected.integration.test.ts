/**
 * `nx affected` is what CI builds from, so what it selects is asserted here, not assumed: each
 * case commits one change in a throwaway copy of this repo and compares the affected projects
 * with the exact list a reviewer would expect.
 */
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciAffectedTargets, projectsWithTask } from '@polystage/tools/affected-targets';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';


const REPO = resolve(import.meta.dirname, '../..');
/** The services the repo has (a folder with a Dockerfile): Nx infers a project from each. */
const SERVICES = readdirSync(join(REPO, 'services')).filter((name) => existsSync(join(REPO, 'services', name, 'Dockerfile'))).sort();

/** One line added to a file, in the file's own comment syntax, so each change is a plausible edit. */
const appendTo = (file: string, line: string) => (root: string) => appendFileSync(join(root, file), `${line}\n`);

/**
 * `affected` is every project a change reaches; `rebuilds` is the projects whose docker-prod task
 * is in the task graph of `nx affected -t docker-prod`; `builds`, in the task graph of the very
 * `nx affected -t ...` command CI runs. The system project
 * depends on every service (its full-flow smoke test runs their images), so any service change
 * re-runs that test, and it needs every prod image: the unchanged ones are built too, as
 * layer-cache hits.
 */
const cases: { change: string; edit: (root: string) => void; affected: string[]; rebuilds: string[]; builds: string[] }[] = [
  {
    change: 'a Go source file',
    edit: appendTo('services/gateway/cmd/gateway/main.go', '// touched'),
    affected: ['gateway', 'system'],
    rebuilds: ['gateway'],
    // system:smoke (the full flow) needs every service's image: the others replay from the layer cache.
    builds: SERVICES,
  },
  {
    change: "the api's lockfile (uv.lock)",
    edit: appendTo('services/api/uv.lock', ''),
    affected: ['api', 'system'],
    rebuilds: ['api'],
    builds: SERVICES,
  },
  {
    change: 'the shared smoke kit (libs/smoke)',
    edit: appendTo('libs/smoke/src/index.ts', '// touched'),
    affected: ['smoke', 'system', ...SERVICES].sort(),
    rebuilds: SERVICES,
    builds: SERVICES,
  },
  {
    change: 'the image builder (libs/nx-docker build executor)',
    edit: appendTo('libs/nx-docker/src/executors/build/executor.ts', '// touched'),
    affected: ['nx-docker', 'system', 'tools', 'workflows', ...SERVICES].sort(),
    rebuilds: SERVICES,
    builds: SERVICES,
  },
  {
    change: 'the engine module (libs/docker build command)',
    edit: appendTo('libs/docker/src/image-build/build-command.ts', '// touched'),
    affected: ['docker', 'nx-docker', 'smoke', 'system', 'tools', 'workflows', ...SERVICES].sort(),
    rebuilds: SERVICES,
    builds: SERVICES,
  },
  { change: 'the root .dockerignore', edit: appendTo('.dockerignore', '# touched'), affected: ['system', ...SERVICES].sort(), rebuilds: SERVICES, builds: SERVICES },
  { change: 'a CI workflow', edit: appendTo('.github/workflows/ci.yml', '# touched'), affected: ['workflows'], rebuilds: [], builds: [] },
  {
    change: "Renovate's config",
    edit: (root) => appendFileSync(join(root, '.github/renovate.json'), ' '),
    affected: ['workflows'],
    rebuilds: [],
    builds: [],
  },
  { change: 'the README', edit: appendTo('README.md', 'A line of prose.'), affected: [], rebuilds: [], builds: [] },
];


let workspace: ThrowawayWorkspace;

// Copying the repo and running nx without its daemon takes seconds on an idle machine and many
// times that with the two cores shared by other builds. The bound only stops a hung nx.
const NX_BOUND_MS = 300_000;

beforeAll(async () => {
  workspace = await createThrowawayWorkspace(REPO);
}, NX_BOUND_MS);

afterAll(() => workspace?.dispose());

describe('nx show projects --affected, one committed change at a time', () => {
  const ciTargets = ciAffectedTargets(REPO);

  it('CI runs docker-prod (and the smoke tests) among its affected targets', () => {
    expect(ciTargets).toEqual(expect.arrayContaining(['docker-test', 'docker-prod', 'smoke']));
  });

  it.each(cases)('$change -> rebuilds $rebuilds', async ({ edit, affected, rebuilds, builds }) => {
    expect(await workspace.affectedBy(edit)).toEqual(affected);
    expect(projectsWithTask(await workspace.affectedTasks(['docker-prod']), 'docker-prod')).toEqual(rebuilds);
    const tasks = await workspace.affectedTasks(ciTargets);
    expect(projectsWithTask(tasks, 'docker-prod')).toEqual(builds);
    // Every affected service's image is tested in its test stage first and smoke-tested after.
    const changed = affected.filter((project) => SERVICES.includes(project));
    expect(tasks).toEqual(expect.arrayContaining(changed.flatMap((project) => [`${project}:docker-test`, `${project}:smoke`])));
  }, NX_BOUND_MS);
});
