/**
 * The service generator end to end, in a throwaway copy of this repo, for two stacks: each service
 * is generated (the Go one with a gateway route), committed, seen as affected, and its smoke target
 * (which builds docker-test, then docker-prod) passes. The wall time from generating to a green
 * smoke run is reported per stack (`npm run bench:generators` measures all five). Each one's dev
 * stage builds and answers, and the gateway's own test stage runs with the route table the
 * generator edited.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayWorkspace, type ThrowawayWorkspace } from '@polystage/tools/throwaway-workspace';
import { devStageAnswers, generateService, smokeGenerated, type GeneratedService } from '../src/generated-service.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** Two stacks with unlike toolchains: a compiled static binary, and an interpreter with a lockfile. */
const SERVICES: GeneratedService[] = [
  { name: 'demo-go', stack: 'go', route: '/demo' },
  { name: 'demo-python', stack: 'python' },
];

describe('nx g @polystage/nx-docker:service, two stacks in a throwaway copy', () => {
  let workspace: ThrowawayWorkspace;

  beforeAll(async () => {
    workspace = await createThrowawayWorkspace(REPO_ROOT);
  });
  afterAll(() => workspace?.dispose());

  // Fails when the generator writes a Dockerfile, app, smoke spec or project config that does not
  // build, test or answer (e.g. a template's POST /echo answering another shape than the shared
  // smoke spec expects), or when the project is not inferred from what it writes.
  it.each(SERVICES)('$name ($stack) is affected, and its docker-lint and smoke targets pass straight after generating', async (service) => {
    const started = performance.now();
    const before = await workspace.git('rev-parse', 'HEAD');
    await generateService(workspace, service);

    const affected = JSON.parse(await workspace.nx('show', 'projects', '--affected', `--base=${before}`, '--head=HEAD', '--json')) as string[];
    expect(affected).toEqual(expect.arrayContaining([service.name, 'system', ...(service.route ? ['gateway'] : [])]));
    if (service.route) {
      const routes = JSON.parse(readFileSync(join(workspace.root, 'services/gateway/internal/routes/routes.json'), 'utf8')) as { upstreams: { name: string }[] };
      expect(routes.upstreams.map((upstream) => upstream.name)).toContain(service.name);
    }

    const output = await smokeGenerated(workspace, service.name);
    expect(output).toMatch(new RegExp(`Successfully ran targets docker-lint, smoke for project ${service.name}`));
    const seconds = (performance.now() - started) / 1000;
    console.info(`[generator] ${service.name} (${service.stack}): generate to green smoke in ${seconds.toFixed(1)} s`);
  }, 900_000);

  // Fails when a generated dev stage (what compose.dev.yaml and `npm run dev` run) does not build,
  // or its reload loop does not start the service: a broken entry would break `npm run dev` for all.
  it.each(SERVICES)("$name's dev stage builds and serves its health path", async (service) => {
    const seconds = await devStageAnswers(workspace, service);
    console.info(`[generator] ${service.name} (${service.stack}): dev stage healthy ${seconds.toFixed(1)} s after start`);
  }, 900_000);

  // Fails when the route the generator added breaks the gateway: a table its validation refuses, or
  // its tests needing a variable for the new upstream (both happened while this was written).
  it("leaves the gateway's tests and fuzz targets green with the new route", async () => {
    const output = await workspace.nx('run', 'gateway:docker-test', '--output-style=static');
    expect(output).toMatch(/Successfully ran target docker-test for project gateway/);
  }, 900_000);
});
