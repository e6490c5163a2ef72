/**
 * remove-service of an original service end to end, in a throwaway copy of this repo:
 * `nx g @polystage/nx-docker:remove-service reports` (the Java service, the issue's example),
 * committed, then what a reference left behind would break, in minutes: Nx's project graph, what
 * `nx affected` selects, every typecheck, the unit tests that read the services (system's compose
 * and dev-stage tests, the generators', tools' and the workflows'), and the gateway's test stage
 * (its Go tests on the route table without the service). The full proof is `npm test` on such a
 * copy; this is the part that fails first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectsWithTask } from '@polystage/tools/affected-targets';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const SERVICE = 'reports';
/** Bounds that only stop a hang: each step takes seconds to a minute on an idle machine, far longer with the two cores shared. */
const STEP_MS = 600_000;

// In a repo that has already removed it there is nothing to remove.
describe.skipIf(!existsSync(join(REPO_ROOT, 'services', SERVICE, 'Dockerfile')))(`nx g @polystage/nx-docker:remove-service ${SERVICE}, in a throwaway copy`, () => {
  let workspace: ThrowawayWorkspace;
  let projectsBefore: string[];

  /** vitest in the copy, knowing nothing of a parent Nx run; fails with its output. */
  const vitest = async (...args: string[]): Promise<void> => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && key !== 'FORCE_COLOR'));
    const result = await execa('vitest', ['run', ...args], { cwd: workspace.root, reject: false, all: true, extendEnv: false, env: { ...env, NO_COLOR: '1' }, preferLocal: true, localDir: REPO_ROOT });
    expect(result.exitCode, `vitest run ${args.join(' ')}\n${result.all}`).toBe(0);
  };

  beforeAll(async () => {
    workspace = await createThrowawayWorkspace(REPO_ROOT);
    projectsBefore = (JSON.parse(await workspace.nx('show', 'projects', '--json')) as string[]).sort();
    await workspace.nx('g', '@polystage/nx-docker:remove-service', SERVICE, '--no-interactive');
    await workspace.git('add', '-A');
    await workspace.git('commit', '-qm', `remove ${SERVICE}`);
  }, STEP_MS);
  afterAll(() => workspace?.dispose());

  it('leaves a project graph with every other project and no trace of it', async () => {
    expect(projectsBefore).toContain(SERVICE);
    const after = (JSON.parse(await workspace.nx('show', 'projects', '--json')) as string[]).sort();
    expect(after).toEqual(projectsBefore.filter((project) => project !== SERVICE));
  }, STEP_MS);

  // Nx marks every project affected when one is deleted (projectDeletionAffectsAllProjects, not a
  // setting): CI re-runs everything once, with no task of the removed service.
  it('is affected as every remaining project, with no task of its own', async () => {
    const projects = (JSON.parse(await workspace.nx('show', 'projects', '--json')) as string[]).sort();
    const affected = (JSON.parse(await workspace.nx('show', 'projects', '--affected', `--base=${workspace.base}`, '--head=HEAD', '--json')) as string[]).sort();
    expect(affected).toEqual(projects);
    const tasks = await workspace.affectedTasks(['docker-test', 'docker-prod', 'smoke']);
    const services = projectsBefore.filter((project) => existsSync(join(workspace.root, 'services', project, 'Dockerfile')));
    expect(projectsWithTask(tasks, 'docker-test')).toEqual(services);
    expect(tasks.filter((task) => task.startsWith(`${SERVICE}:`))).toEqual([]);
  }, STEP_MS);

  it('typechecks everywhere (no code imports or names what went)', async () => {
    // workspace.nx throws with the output when a typecheck fails.
    await workspace.nx('run-many', '-t', 'typecheck', 'smoke-typecheck', '--output-style=static', '--skip-nx-cache');
  }, STEP_MS);

  it("passes the unit tests that read the repo's services", async () => {
    await vitest('--config', 'system/vitest.config.ts', 'tests/compose.test.ts', 'tests/dev-stages.test.ts');
    await vitest('--config', 'libs/nx-docker/vitest.config.ts', 'src/generators');
    await vitest('--config', 'tools/vitest.config.ts', 'src/');
    await vitest('--config', '.github/vitest.config.ts');
  }, STEP_MS);

  // Its Go tests and fuzz targets read the route table the generator edited.
  it("passes the gateway's test stage", async () => {
    const output = await workspace.nx('run', 'gateway:docker-test', '--output-style=static');
    expect(output).toMatch(/Successfully ran target docker-test for project gateway/);
  }, STEP_MS);
});
