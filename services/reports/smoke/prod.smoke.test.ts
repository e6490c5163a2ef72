// Smoke checks for the reports prod image (run by `nx run reports:smoke` after docker-prod).
// The report is computed from the real api (its prod image, `nx run api:docker-prod`), filled
// with three jobs first: one succeeded, one failed, one still pending.
import { afterAll, expect } from 'vitest';
import { describeSmoke, expectHealthy, expectRequest, prodImage } from '@polystage/smoke';
import type { RunningService } from '@polystage/smoke';

// Budgets and timeouts below only turn a hang into a failure: the times are measured and
// reported. On an idle machine every start takes seconds and every answer milliseconds, but the
// engine, the JVM and Python take far longer when the two cores are shared with other builds.
const STARTUP_BUDGET_MS = 120_000;
const REQUEST_TIMEOUT_MS = 90_000;

interface Lease {
  job: { id: string };
  lease_token: string;
}

async function finishOneJob(api: RunningService, outcome: Record<string, unknown>): Promise<void> {
  const lease = await expectRequest(api, {
    method: 'POST',
    path: '/jobs/lease',
    body: { worker_id: 'reports-smoke' },
    expectStatus: 200,
  });
  const { job, lease_token } = lease.json<Lease>();
  await expectRequest(api, { method: 'POST', path: `/jobs/${job.id}/result`, body: { ...outcome, lease_token }, expectStatus: 200 });
}

async function startSeededApi(): Promise<RunningService> {
  const api = await expectHealthy({ image: prodImage('api'), port: 8000, healthPath: '/healthz', startupBudgetMs: STARTUP_BUDGET_MS });
  try {
    for (const text of ['one', 'two', 'three']) {
      await expectRequest(api, { method: 'POST', path: '/jobs', body: { kind: 'text-stats', input: { text } }, expectStatus: 201 });
    }
    await finishOneJob(api, { status: 'succeeded', result: { words: 1 } });
    await finishOneJob(api, { status: 'failed', error: 'smoke failure' });
    return api;
  } catch (error) {
    await api.remove();
    throw error;
  }
}

// The kit's sidecars cannot be filled from a spec, so the api runs on Docker's default bridge
// network, where the service under test also runs and reaches it by IP address.
const api = await startSeededApi();
afterAll(() => api.remove(), 60_000);
const apiUrl = `http://${api.container.getIpAddress('bridge')}:8000`;

const threeJobs = {
  total: 3,
  by_status: { pending: 1, leased: 0, succeeded: 1, failed: 1 },
  success_rate: 0.5,
  retried: 0,
  wait_seconds: { count: 2 },
  run_seconds: { count: 2 },
};

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
      name: 'GET /jobs/summary adds up the api’s jobs overall and per kind',
      path: '/jobs/summary',
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => {
        const summary = response.json<Record<string, unknown>>();
        expect(summary).toMatchObject({ jobs_read: 3, truncated: false, since: null, kind: null, overall: threeJobs });
        expect(summary['by_kind']).toMatchObject({ 'text-stats': threeJobs });
      },
    },
    {
      name: 'GET /jobs/summary?since=PT1H&kind=text-stats narrows by window and kind',
      path: '/jobs/summary?since=PT1H&kind=text-stats',
      timeoutMs: REQUEST_TIMEOUT_MS,
      expectStatus: 200,
      assert: (response) => expect(response.json()).toMatchObject({ kind: 'text-stats', overall: { total: 3 } }),
    },
    {
      name: 'GET /jobs/summary?since=yesterday is 400 naming the parameter',
      path: '/jobs/summary?since=yesterday',
      expectStatus: 400,
      assert: (response) =>
        expect(response.json()).toMatchObject({ error: 'bad query', message: expect.stringMatching(/^since: "yesterday"/) }),
    },
  ],
});
