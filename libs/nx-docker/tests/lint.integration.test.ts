/**
 * `nx run <project>:docker-lint` through the real plugin and executor, on the BuildKit daemon
 * builder `npm run setup` starts, in a throwaway workspace with a FROM scratch Dockerfile: clean, it
 * passes; a COPY of a file .dockerignore keeps out (the mistake BuildKit would otherwise report only
 * in the middle of a build) and a legacy ENV fail it, one line each with file, line and rule.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNxWorkspace, type NxWorkspace } from '@polystage/testing/nx-workspace';

describe('nx run <project>:docker-lint on a FROM scratch fixture', () => {
  const project = `nxdocker-lint-${process.pid}`;
  let workspace: NxWorkspace;

  beforeAll(async () => {
    workspace = await createNxWorkspace({
      fixture: join(import.meta.dirname, 'fixtures/scratch-workspace'),
      files: { 'services/hello/project.json': JSON.stringify({ name: project, projectType: 'application' }) },
    });
  });
  afterAll(() => workspace?.dispose());

  it('passes a clean Dockerfile, checking every stage it ends in', async () => {
    const run = await workspace.nx('run', `${project}:docker-lint`, '--skip-nx-cache');
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain("services/hello/Dockerfile: BuildKit's Dockerfile checks found nothing (stages test, prod).");
  });

  // Mutation guarded: the experimental CopyIgnoredFile rule not enabled, warnings not failing the target, or the line lost.
  it('fails on a COPY of an ignored file and a legacy ENV, one line each', async () => {
    writeFileSync(join(workspace.dir, '.dockerignore'), '**/*.env\n');
    writeFileSync(join(workspace.dir, 'services/hello/local.env'), 'A=1\n');
    appendFileSync(join(workspace.dir, 'services/hello/Dockerfile'), 'COPY services/hello/local.env /app/\nENV MODE prod\n');
    const run = await workspace.nx('run', `${project}:docker-lint`, '--skip-nx-cache');
    expect(run.exitCode).not.toBe(0);
    expect(run.all).toMatch(/^services\/hello\/Dockerfile:14: CopyIgnoredFile: .*local\.env.*excluded by \.dockerignore \(https:\/\/docs\.docker\.com\/\S+\)$/m);
    expect(run.all).toMatch(/^services\/hello\/Dockerfile:15: LegacyKeyValueFormat: /m);
    expect(run.all).toContain('2 Dockerfile check warning(s) in services/hello/Dockerfile');
  });
});
