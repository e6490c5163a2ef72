// Smoke spec for the worker's prod image, with the real api image beside it (worker:smoke
// depends on api:docker-prod).
// 1. The kit's checks: non-root, nothing but node and compiled JS, size, /healthz and /metrics,
//    SIGTERM, read-only root; the api is a sidecar at http://api:8000.
// 2. The real flow: a job created in the api is leased, run and reported by the worker.
// 3. The api refuses a wrong worker token: the worker logs it at error level, stays healthy
//    (api: unauthorized), keeps retrying, and the job stays pending. So the flow of 2 shows the
//    worker sends the token the api takes on its internal routes.
// 4. The api is down: the worker stays healthy, counts the failed calls and keeps retrying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Network, type StartedNetwork } from 'testcontainers';
import { describeSmoke, expectGracefulStop, expectHealthy, prodImage, resolveSmokeImage, SMOKE_WORKER_TOKEN } from '@polystage/smoke';
import type { RunningService, SmokeResponse } from '@polystage/smoke';

const WORKER = resolveSmokeImage('worker');
const API = process.env['SMOKE_API_IMAGE'] || prodImage('api');
const API_URL = 'http://api:8000';
// A fast poll so the flow test does not wait on the default second. A generous bound on each api
// call: with loaded cores the api can be slow to answer, and a result post that times out after
// the api stored it comes back 409 on retry, so the job would count as abandoned, not done. (The
// api-down test keeps the default: there every call fails, and a timeout is one more failure.)
const WORKER_ENV = { WORKER_API_URL: API_URL, WORKER_API_TOKEN: SMOKE_WORKER_TOKEN, WORKER_POLL_INTERVAL_MS: '100', WORKER_REQUEST_TIMEOUT_MS: '60000' };
// The api takes only this token on /internal/jobs/lease and /internal/jobs/{id}/result.
const API_ENV = { API_WORKER_TOKEN: SMOKE_WORKER_TOKEN };
const UNAUTHORIZED = 'the api refused the worker token: check WORKER_API_TOKEN(_FILE) against API_WORKER_TOKEN(_FILE)';
// Bounds below only turn a hang into a failure; every wait is for an event (healthy, a job
// finished, a metric reached). On an idle machine each takes about a second, but starting
// containers takes the engine far longer when the two cores are shared with other builds.
const STARTUP_BUDGET_MS = 60_000;
const WAIT_MS = 60_000;

function metric(response: SmokeResponse | string, name: string): number {
  const text = typeof response === 'string' ? response : response.text;
  const value = new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} sample in:\n${text}`);
  return Number(value);
}

describeSmoke({
  project: 'worker',
  port: 8080,
  healthPath: '/healthz',
  startupBudgetMs: STARTUP_BUDGET_MS,
  env: WORKER_ENV,
  // Writes nothing to disk: --read-only needs no tmpfs or volume.
  absentPaths: {
    extra: [
      '/src',
      '/usr/local/bin/node',
      '/usr/local/lib/node_modules',
      '/app/services/worker/src',
      '/app/**/*.ts',
      '/app/**/*.test.*',
      '/app/**/*.map',
      '/app/**/tsconfig*.json',
      '/app/**/vitest.config.*',
      '/app/**/package-lock.json',
      '/app/node_modules/.bin',
      '/app/node_modules/typescript',
      '/app/node_modules/vitest',
      '/app/node_modules/@types',
      '/usr/bin/strip',
    ],
  },
  sidecars: [{ alias: 'api', image: API, port: 8000, healthPath: '/healthz', env: API_ENV, startupBudgetMs: STARTUP_BUDGET_MS }],
  requests: [
    {
      name: 'GET /healthz is ok while the job loop runs',
      path: '/healthz',
      expectStatus: 200,
      assert: (response) => {
        const body = response.json<Record<string, unknown>>();
        expect(body).toMatchObject({ status: 'ok', jobs_in_flight: 0 });
        expect(body['worker_id']).toMatch(/^[0-9a-f]{12}-1$/); // <container hostname>-<pid 1>
      },
    },
    {
      name: 'GET /metrics is Prometheus text with jobs done, failed and in flight',
      path: '/metrics',
      expectStatus: 200,
      assert: (response) => {
        expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
        expect(response.text).toContain('# TYPE worker_jobs_done_total counter');
        expect(response.text).toContain('# TYPE worker_jobs_in_flight gauge');
        expect(metric(response, 'worker_jobs_done_total')).toBe(0);
        expect(metric(response, 'worker_jobs_failed_total')).toBe(0);
        expect(metric(response, 'worker_jobs_in_flight')).toBe(0);
      },
    },
  ],
});

/** Polls the worker's /metrics until ready(text) holds; fails with the last text after WAIT_MS. */
async function metricsWhen(service: RunningService, ready: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
    if (ready(text)) return text;
    if (Date.now() > deadline) throw new Error(`/metrics never got there in ${WAIT_MS / 1000} s; last:\n${text}\nWorker output:\n${service.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Job {
  id: string;
  status: string;
  worker_id: string | null;
  result: Record<string, number> | null;
  error: string | null;
}

describe(`worker prod image (${WORKER}) with the api (${API})`, () => {
  let network: StartedNetwork;
  let api: RunningService;
  let worker: RunningService | undefined;

  beforeAll(async () => {
    network = await new Network().start();
    api = await expectHealthy({ image: API, port: 8000, healthPath: '/healthz', env: API_ENV, network, networkAliases: ['api'], startupBudgetMs: STARTUP_BUDGET_MS });
  }, STARTUP_BUDGET_MS + 60_000);

  afterAll(async () => {
    await worker?.remove();
    await api?.remove();
    await network?.stop();
  }, 60_000);

  const createJob = async (input: unknown): Promise<Job> => {
    const response = await fetch(`${api.baseUrl}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text-stats', input }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Job;
  };

  const finished = async (id: string): Promise<Job> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const job = (await (await fetch(`${api.baseUrl}/jobs/${id}`)).json()) as Job;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${WAIT_MS / 1000} s. Worker output:\n${worker?.logs()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('leases a text-stats job from the api, runs it and reports the stats', async () => {
    worker = await expectHealthy({
      image: WORKER,
      port: 8080,
      healthPath: '/healthz',
      env: WORKER_ENV,
      network,
      readOnlyRootfs: true,
      startupBudgetMs: STARTUP_BUDGET_MS,
    });
    const job = await createJob({ text: 'The worker counts words,\nlines and characters.\n' });
    const done = await finished(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: { characters: 47, words: 7, lines: 2 }, error: null });
    expect(done.worker_id).toMatch(/-1$/);

    // The api stores the result before its answer reaches the worker, which then counts it.
    const metrics = await metricsWhen(worker, (text) => metric(text, 'worker_jobs_done_total') === 1);
    expect(metric(metrics, 'worker_jobs_in_flight')).toBe(0);
    expect(await (await fetch(`${worker.baseUrl}/healthz`)).json()).toMatchObject({ status: 'ok', api: 'reachable' });
  }, STARTUP_BUDGET_MS + 2 * WAIT_MS + 60_000);

  it('stops on SIGTERM with exit 0 after that work', async () => {
    const { elapsedMs } = await expectGracefulStop(worker!);
    worker = undefined;
    console.info(`[smoke] worker: stopped ${elapsedMs} ms after SIGTERM (after a job)`);
  }, 120_000); // the 10 s stop grace plus the engine's own time under load

  it('logs a token the api refuses at error level, stays healthy and retries; the job stays pending', async () => {
    const job = await createJob({ text: 'not for a stranger' });
    worker = await expectHealthy({
      image: WORKER,
      port: 8080,
      healthPath: '/healthz',
      env: { ...WORKER_ENV, WORKER_API_TOKEN: 'wrong-worker-token-0123456789abcdef01234', WORKER_BACKOFF_INITIAL_MS: '100', WORKER_BACKOFF_MAX_MS: '400' },
      network,
      readOnlyRootfs: true,
      startupBudgetMs: STARTUP_BUDGET_MS,
    });
    // Several refusals in a row: retried with backoff, not a crash loop.
    await metricsWhen(worker, (text) => metric(text, 'worker_api_errors_total') >= 3);
    expect(await (await fetch(`${worker.baseUrl}/healthz`)).json()).toMatchObject({ status: 'ok', api: 'unauthorized' });
    // The log lines as the worker writes them (ts, level, msg, ...): at error level, naming the route.
    const refusals = worker.logs().split('\n').filter((line) => line.includes(`"level":"error","msg":"${UNAUTHORIZED}"`));
    expect(refusals.length, worker.logs()).toBeGreaterThanOrEqual(3);
    expect(refusals[0]).toContain('POST /internal/jobs/lease answered 401');
    expect(worker.logs()).not.toContain('wrong-worker-token');
    const still = (await (await fetch(`${api.baseUrl}/jobs/${job.id}`)).json()) as Job;
    expect(still.status).toBe('pending');
    await expectGracefulStop(worker);
    worker = undefined;

    // The right token takes that job at once.
    worker = await expectHealthy({ image: WORKER, port: 8080, healthPath: '/healthz', env: WORKER_ENV, network, startupBudgetMs: STARTUP_BUDGET_MS });
    expect(await finished(job.id)).toMatchObject({ status: 'succeeded', result: { characters: 18, words: 4, lines: 1 } });
    await expectGracefulStop(worker);
    worker = undefined;
  }, 2 * STARTUP_BUDGET_MS + 2 * WAIT_MS + 240_000);

  it('stays healthy while the api is unreachable, counting the failed calls, and stops cleanly', async () => {
    worker = await expectHealthy({
      image: WORKER,
      port: 8080,
      healthPath: '/healthz',
      env: {
        ...WORKER_ENV,
        WORKER_API_URL: 'http://nowhere.invalid:8000',
        WORKER_REQUEST_TIMEOUT_MS: '10000',
        WORKER_BACKOFF_INITIAL_MS: '100',
        WORKER_BACKOFF_MAX_MS: '400',
      },
      network,
      startupBudgetMs: STARTUP_BUDGET_MS,
    });
    await metricsWhen(worker, (text) => metric(text, 'worker_api_errors_total') >= 3);
    const health = await fetch(`${worker.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', api: 'unreachable' });
    expect(worker.logs()).toContain('"msg":"api unavailable; retrying"');
    await expectGracefulStop(worker);
    worker = undefined;
  }, STARTUP_BUDGET_MS + WAIT_MS + 120_000);
});
