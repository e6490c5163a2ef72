// describeSmoke registers the whole suite; here against the good fixture, with a
// sidecar on a shared network standing in for an upstream service.
import { expect } from 'vitest';
import { describeSmoke } from '../src/index.ts';
import { FIXTURE_HEALTH_PATH, FIXTURE_PORT, fixtureImage } from './fixture-images.ts';

// The fixture answers within a second on an idle machine. The budget only stops a hung start:
// starting a container takes the engine far longer when the cores are shared with other builds.
const FIXTURE_BUDGET_MS = 60_000;

describeSmoke({
  project: 'fixture',
  image: fixtureImage('good'),
  port: FIXTURE_PORT,
  healthPath: FIXTURE_HEALTH_PATH,
  startupBudgetMs: FIXTURE_BUDGET_MS,
  sizeBudgetMb: 300,
  env: { UPSTREAM_URL: 'http://upstream:8080', WRITE_ON_START: '/tmp/started' },
  tmpfs: { '/tmp': '' },
  absentPaths: { extra: ['/app/src', '/app/**/*.test.*'] },
  sidecars: [
    { alias: 'upstream', image: fixtureImage('good'), port: FIXTURE_PORT, healthPath: FIXTURE_HEALTH_PATH, startupBudgetMs: FIXTURE_BUDGET_MS },
  ],
  requests: [
    {
      method: 'POST',
      path: '/echo',
      body: { message: 'hello' },
      expectStatus: 200,
      assert: (response) => expect(response.json()).toEqual({ echo: 'hello' }),
    },
    {
      name: 'GET /upstream (through the sidecar)',
      path: '/upstream',
      // Above the fixture's 30 s bound on its own call to the sidecar, so that one reports first.
      timeoutMs: 60_000,
      expectStatus: 200,
      assert: (response) => expect(response.json()).toEqual({ upstream: 200 }),
    },
  ],
});
