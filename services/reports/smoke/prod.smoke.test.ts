// Smoke checks for the reports prod image (run by `nx run reports:smoke` after docker-prod).
// The report is computed from the real api (its prod image, `nx run api:docker-prod`), filled
// through its HTTP API (jobs finished through the worker's internal routes, with the smoke worker
// token) so that each filter has something to leave out:
// - the window: two jobs created before a recorded instant (one succeeded, one still leased), then
//   three at or after it (one succeeded, one failed, one pending). The instant is the api's own
//   created_at of the first of the three, so nothing depends on how much time passes;
// - the kind: the api accepts one kind, text-stats, so every job has it; a kind no job has
//   (a valid name) must leave out all of them, the seeded kind none.
// Each filter, alone and combined, is asserted against totals that differ from the unfiltered
// report's, so a report that ignores `since` or `kind` fails here.
import { afterAll, expect } from 'vitest';
import { describeSmoke, expectHealthy, expectRequest, prodImage } from '@polystage/smoke';
import type { RunningService, SmokeResponse } from '@polystage/smoke';

// Budgets and timeouts below only turn a hang into a failure: the times are measured and
// reported. On an idle machine every start takes seconds and every answer milliseconds, but the
// engine, the JVM and Python take far longer when the two cores are shared with other builds.
const STARTUP_BUDGET_MS = 120_000;
const REQUEST_TIMEOUT_MS = 90_000;

/** The api's worker credential in smoke specs and system tests (API_WORKER_TOKEN, 40 characters). */
const WORKER_TOKEN = 'smoke-worker-token-0123456789abcdef0123';
const WORKER = { authorization: `Bearer ${WORKER_TOKEN}` };

const KIND = 'text-stats';
/** A valid kind name the api has no job of. */
const OTHER_KIND = 'unseeded-kind';

interface Job {
  id: string;
  created_at: string;
}

interface Lease {
  job: Job;
  lease_token: string;
}

/** An ISO-8601 instant as microseconds since the epoch (the api's precision), exactly. */
function epochMicros(instant: string): number {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(instant);
  if (!match) throw new Error(`not an ISO-8601 instant: ${instant}`);
  const [, seconds, fraction = '', zone] = match;
  return Date.parse(`${seconds}${zone}`) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

async function createJob(api: RunningService, text: string): Promise<Job> {
  const created = await expectRequest(api, { method: 'POST', path: '/jobs', body: { kind: KIND, input: { text } }, expectStatus: 201 });
  return created.json<Job>();
}

/** Leases the oldest pending job, which must be `expected` (the seeding checks itself). */
async function lease(api: RunningService, expected: Job): Promise<string> {
  const leased = await expectRequest(api, {
    method: 'POST',
    path: '/internal/jobs/lease',
    headers: WORKER,
    body: { worker_id: 'reports-smoke' },
    expectStatus: 200,
  });
  const { job, lease_token } = leased.json<Lease>();
  expect(job.id, 'the api leases the oldest pending job').toBe(expected.id);
  return lease_token;
}

async function finish(api: RunningService, job: Job, outcome: Record<string, unknown>): Promise<void> {
  const lease_token = await lease(api, job);
  await expectRequest(api, {
    method: 'POST',
    path: `/internal/jobs/${job.id}/result`,
    headers: WORKER,
    body: { ...outcome, lease_token },
    expectStatus: 200,
  });
}

/** The running api, filled, and the start of the window: the created_at of the first job in it. */
async function startSeededApi(): Promise<{ api: RunningService; windowStart: string }> {
  const api = await expectHealthy({
    image: prodImage('api'),
    port: 8000,
    healthPath: '/healthz',
    startupBudgetMs: STARTUP_BUDGET_MS,
    // The job left leased must stay leased (not be handed out again) however slow the seeding is.
    env: { API_LEASE_TTL_SECONDS: '86400', API_WORKER_TOKEN: WORKER_TOKEN },
  });
  try {
    const before = [await createJob(api, 'before one'), await createJob(api, 'before two')];
    await finish(api, before[0]!, { status: 'succeeded', result: { words: 2 } });
    await lease(api, before[1]!); // leased, never finished
    const inside = [await createJob(api, 'one'), await createJob(api, 'two'), await createJob(api, 'three')];
    await finish(api, inside[0]!, { status: 'succeeded', result: { words: 1 } });
    await finish(api, inside[1]!, { status: 'failed', error: 'smoke failure' });
    const windowStart = inside[0]!.created_at;
    // Created one after the other, so strictly later; said here rather than as a puzzling count below.
    const lastBefore = before[1]!.created_at;
    expect(epochMicros(windowStart), `the window's first job (${windowStart}) is later than the last before it (${lastBefore})`)
      .toBeGreaterThan(epochMicros(lastBefore));
    return { api, windowStart };
  } catch (error) {
    await api.remove();
    throw error;
  }
}

// The kit's sidecars cannot be filled from a spec, so the api runs on Docker's default bridge
// network, where the service under test also runs and reaches it by IP address.
const { api, windowStart } = await startSeededApi();
afterAll(() => api.remove(), 60_000);
const apiUrl = `http://${api.container.getIpAddress('bridge')}:8000`;
const since = encodeURIComponent(windowStart);

/** The figures of one set of jobs, as the report gives them (durations by count only). */
interface Figures {
  total: number;
  by_status: Record<'pending' | 'leased' | 'succeeded' | 'failed', number>;
  success_rate: number | null;
  retried: number;
  wait_seconds: { count: number };
  run_seconds: { count: number };
}

/** All five jobs: the two before the window and the three in it. */
const fiveJobs: Figures = {
  total: 5,
  by_status: { pending: 1, leased: 1, succeeded: 2, failed: 1 },
  success_rate: 0.6667,
  retried: 0,
  wait_seconds: { count: 4 },
  run_seconds: { count: 3 },
};

/** The three jobs created at or after the window's start. */
const threeJobs: Figures = {
  total: 3,
  by_status: { pending: 1, leased: 0, succeeded: 1, failed: 1 },
  success_rate: 0.5,
  retried: 0,
  wait_seconds: { count: 2 },
  run_seconds: { count: 2 },
};

const noJobs: Figures = {
  total: 0,
  by_status: { pending: 0, leased: 0, succeeded: 0, failed: 0 },
  success_rate: null,
  retried: 0,
  wait_seconds: { count: 0 },
  run_seconds: { count: 0 },
};

/**
 * The report's figures: `read` jobs read from the api (the window's, any kind), `overall` the
 * ones that also have the kind, listed under that kind alone (nothing listed when none has it).
 */
function expectSummary(
  response: SmokeResponse,
  expected: { since: string | null; kind: string | null; read: number; overall: Figures },
): void {
  const summary = response.json<Record<string, unknown>>();
  // The counts a filter changes first, each named: a failure says which one and both values.
  expect((summary['overall'] as Figures | undefined)?.total, 'overall.total').toBe(expected.overall.total);
  expect(summary['jobs_read'], 'jobs_read').toBe(expected.read);
  expect(summary).toMatchObject({ kind: expected.kind, jobs_read: expected.read, truncated: false, overall: expected.overall });
  if (expected.since === null) expect(summary['since']).toBeNull();
  else expect(epochMicros(String(summary['since'])), `since ${String(summary['since'])}`).toBe(epochMicros(expected.since));
  const byKind = summary['by_kind'] as Record<string, unknown>;
  if (expected.overall.total === 0) expect(byKind).toEqual({});
  else {
    expect(Object.keys(byKind)).toEqual([KIND]);
    expect(byKind[KIND]).toMatchObject(expected.overall);
  }
}

describeSmoke({
  project: 'reports',
  port: 8080,
  healthPath: '/healthz',
  startupBudgetMs: STARTUP_BUDGET_MS,
  // The app's bounds on the api (5 s a call, 20 s a report by default) made generous, as in the
  // unit tests: a slow answer from a loaded api would otherwise be a 504, not the report checked.
  // Kept under REQUEST_TIMEOUT_MS, so that a 504 is what gets reported.
  env: { REPORTS_API_URL: apiUrl, REPORTS_API_TIMEOUT: '60s', REPORTS_DEADLINE: '80s' },
  // Tomcat's work directory: the only path written (README.md, "Container").
  tmpfs: { '/tmp': 'rw,size=16m' },
  absentPaths: {
    extra: [
      '/src',
      '/root/.m2',
      '/usr/share/maven',
      '**/bin/mvn',
      '**/*.java',
      '**/jmods',
      '**/bin/jlink',
      '**/bin/jdeps',
      '**/bin/jar',
      '**/bin/jshell',
      '**/bin/jcmd',
      '**/bin/keytool',
      '/opt/java/include',
      '/app/lib/junit-*.jar',
      '/app/lib/spring-boot-test-*.jar',
    ],
  },
  requests: [
    {
      name: 'GET /jobs/summary adds up all five of the api’s jobs, overall and per kind',
      path: '/jobs/summary',
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: null, kind: null, read: 5, overall: fiveJobs }),
    },
    {
      name: `GET /jobs/summary?kind=${OTHER_KIND} reads all five jobs and counts none: no job has that kind`,
      path: `/jobs/summary?kind=${OTHER_KIND}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: null, kind: OTHER_KIND, read: 5, overall: noJobs }),
    },
    {
      name: `GET /jobs/summary?kind=${KIND} counts all five: every job has the api’s one kind`,
      path: `/jobs/summary?kind=${KIND}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: null, kind: KIND, read: 5, overall: fiveJobs }),
    },
    {
      name: 'GET /jobs/summary?since=<first job in the window> counts the three jobs from there on, not the two before',
      path: `/jobs/summary?since=${since}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: windowStart, kind: null, read: 3, overall: threeJobs }),
    },
    {
      name: `GET /jobs/summary?since=<first job in the window>&kind=${KIND} narrows by window and kind: three`,
      path: `/jobs/summary?since=${since}&kind=${KIND}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: windowStart, kind: KIND, read: 3, overall: threeJobs }),
    },
    {
      name: `GET /jobs/summary?since=<first job in the window>&kind=${OTHER_KIND} reads the window’s three and counts none`,
      path: `/jobs/summary?since=${since}&kind=${OTHER_KIND}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expectSummary(response, { since: windowStart, kind: OTHER_KIND, read: 3, overall: noJobs }),
    },
    {
      name: `GET /jobs/summary?since=PT1H&kind=${KIND}: a window back from now holding all five`,
      path: `/jobs/summary?since=PT1H&kind=${KIND}`,
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expect(response.json()).toMatchObject({ kind: KIND, jobs_read: 5, overall: fiveJobs }),
    },
    {
      name: 'GET /jobs/summary?since=yesterday is 400 naming the parameter',
      path: '/jobs/summary?since=yesterday',
      expectStatus: 400,
      assert: (response) =>
        expect(response.json()).toMatchObject({ error: 'bad query', message: expect.stringMatching(/^since: "yesterday"/) }),
    },
    {
      // A duration reaching back before java.time's earliest instant: it was a 500.
      name: 'GET /jobs/summary?since=P1000000000000D is 400 naming the parameter, not a 500',
      path: '/jobs/summary?since=P1000000000000D',
      expectStatus: 400,
      assert: (response) =>
        expect(response.json()).toMatchObject({ error: 'bad query', message: expect.stringMatching(/^since: "P1000000000000D"/) }),
    },
  ],
});
