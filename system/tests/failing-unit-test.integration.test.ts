/**
 * The Dockerfile contract says a failing unit test fails the `test` stage, and so `docker-test`
 * and everything after it. Checked for real on the pilot: a deliberately failing pytest is
 * committed in a throwaway copy of the repo, and `nx run api:docker-test` must fail naming it.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { afterAll, beforeAll, expect, it } from 'vitest';

const sourceRoot = resolve(import.meta.dirname, '../..');
let workspace: ThrowawayWorkspace;

beforeAll(async () => {
  workspace = await createThrowawayWorkspace(sourceRoot);
  // The machine's base-image decision (offline stand-ins or not) is untracked; the copy needs it too.
  if (existsSync(join(sourceRoot, '.polystage'))) cpSync(join(sourceRoot, '.polystage'), join(workspace.root, '.polystage'), { recursive: true });
});

afterAll(() => workspace?.dispose());

it('a failing pytest fails api:docker-test, and the output names the test and the step', async () => {
  await workspace.commitOnBase((root) =>
    writeFileSync(join(root, 'services/api/tests/test_deliberately_broken.py'), 'def test_polystage_deliberately_broken():\n    assert 1 + 1 == 3\n'),
  );
  const result = await execa('nx', ['run', 'api:docker-test', '--skip-nx-cache', '--output-style=static'], {
    cwd: workspace.root,
    reject: false,
    all: true,
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1' },
    preferLocal: true,
    localDir: sourceRoot,
  });
  expect(result.exitCode, result.all).not.toBe(0);
  expect(result.all).toContain('FAILED tests/test_deliberately_broken.py::test_polystage_deliberately_broken');
  expect(result.all).toMatch(/docker build failed at step \[test \d+\/\d+\] RUN .*pytest/);
  // A docker build of the api's deps and test stages: minutes when cold, more with the two cores
  // shared by other builds. The bound only stops a hung build.
}, 1_800_000);
