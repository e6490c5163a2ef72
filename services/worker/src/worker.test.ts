import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, UNAUTHORIZED_MESSAGE } from './api-client.ts';
import { Backoff } from './backoff.ts';
import { createLogger, type Fields } from './log.ts';
import { Metrics } from './metrics.ts';
import { eventually, FAKE_TOKEN, FakeApi } from './testing/fake-api.ts';
import { Worker } from './worker.ts';

let api: FakeApi;
let metrics: Metrics;
let logs: Array<Fields & { msg: string }>;
let worker: Worker | undefined;
/** The promise start() returned: it settles when the job loop has ended. */
let loop: Promise<void> | undefined;

/**
 * How long a wait on the worker may take before the test gives up. Every wait is on an event (a
 * count, a log line), never on time, so this bound only turns a hang into a readable failure;
 * it is generous because the cores may be shared with other builds. Under vitest's testTimeout.
 */
const WAIT_MS = 30_000;
/** Bounds on the fake API and on stop() that these tests do not exercise: never reached. */
const GENEROUS_MS = 60_000;

/** A promise the test settles by hand: holds a fake answer in flight until the test lets go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

beforeEach(async () => {
  api = await new FakeApi().start();
  metrics = new Metrics();
  logs = [];
});
afterEach(async () => {
  await worker?.stop(0);
  worker = undefined;
  loop = undefined;
  await api.stop();
});

function startWorker(options: { pollIntervalMs?: number; backoff?: Backoff; timeoutMs?: number; token?: string } = {}): Worker {
  worker = new Worker({
    // A call to the fake answers at once on an idle machine; the bound only stops a hung one.
    api: new ApiClient(api.url, options.token ?? FAKE_TOKEN, options.timeoutMs ?? GENEROUS_MS),
    workerId: 'test-worker',
    pollIntervalMs: options.pollIntervalMs ?? 20,
    backoff: options.backoff ?? new Backoff(20, 100, () => 1),
    metrics,
    log: createLogger('debug', (line) => logs.push(JSON.parse(line) as Fields & { msg: string })),
  });
  loop = worker.start();
  return worker;
}

const text = (t: string) => ({ kind: 'text-stats', input: { text: t } });

/** The API stores a result before its answer reaches the worker: wait for the worker's side. */
const reported = (count: number) =>
  eventually(() => {
    const { worker_jobs_done_total: done, worker_jobs_failed_total: failed } = metrics.snapshot();
    return done + failed === count;
  }, WAIT_MS, `${count} reported job(s)`);

describe('Worker', () => {
  it('leases a text-stats job, runs it and posts the stats', async () => {
    api.add({ id: 'j1', ...text('the quick brown fox\njumps') });
    startWorker();
    await reported(1);
    expect(api.results[0]).toEqual({
      jobId: 'j1',
      body: { lease_token: 'token-j1', status: 'succeeded', result: { characters: 25, words: 5, lines: 2 } },
    });
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_jobs_failed_total: 0, worker_jobs_in_flight: 0 });
    expect(logs.find((l) => l.msg === 'job reported')).toMatchObject({ job_id: 'j1', kind: 'text-stats', status: 'succeeded' });
  });

  it('reports a job it cannot run as failed and keeps going', async () => {
    api.add({ id: 'bad', kind: 'text-stats', input: { text: '' } });
    api.add({ id: 'odd', kind: 'resize-image', input: {} });
    api.add({ id: 'ok', ...text('fine') });
    startWorker();
    await reported(3);
    expect(api.results.map((r) => [r.jobId, r.body.status])).toEqual([['bad', 'failed'], ['odd', 'failed'], ['ok', 'succeeded']]);
    expect(api.results[0]!.body.error).toBe('invalid input: input.text must be a non-empty string');
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_jobs_failed_total: 2 });
  });

  it('polls at the poll interval while there is nothing to do', async () => {
    startWorker({ pollIntervalMs: 100 });
    await eventually(() => api.leaseCalls.length >= 4, WAIT_MS, 'four lease calls');
    // A lower bound only: the next call leaves at least the interval after the last answer, and a
    // loaded machine only lengthens the gaps (10 ms of slack for the two clocks' rounding).
    const gaps = api.leaseCalls.slice(1).map((t, i) => t - api.leaseCalls[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(90);
  });

  it('retries with growing waits while the API is down, then picks up work when it is back', async () => {
    await api.stop();
    const w = startWorker({ backoff: new Backoff(50, 400, () => 1) });
    await eventually(() => metrics.snapshot().worker_api_errors_total >= 4, WAIT_MS, 'four failed lease calls');
    expect(w.apiStatus).toBe('unreachable');
    const waits = logs.filter((l) => l.msg === 'api unavailable; retrying').map((l) => l['retry_in_ms']);
    expect(waits.slice(0, 4)).toEqual([50, 100, 200, 400]);
    expect(logs.find((l) => l.msg === 'api unavailable; retrying')!['error']).toContain('ECONNREFUSED');

    api.add({ id: 'after-outage', ...text('back again') });
    await api.start();
    await reported(1);
    expect(w.apiStatus).toBe('reachable');
    expect(metrics.snapshot().worker_jobs_done_total).toBe(1);
  });

  it('retries posting a result through 5xx answers', async () => {
    let failures = 2;
    api.resultOverride = () => (failures-- > 0 ? { status: 503 } : undefined);
    api.add({ id: 'j1', ...text('retry me') });
    startWorker();
    await reported(1);
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_api_errors_total: 2 });
  });

  it('drops a result the API refuses (lease lost) without retrying', async () => {
    let calls = 0;
    api.resultOverride = () => (calls++, { status: 409, body: { detail: 'lease on job j1 expired' } });
    api.add({ id: 'j1', ...text('too late') });
    startWorker();
    await eventually(() => metrics.snapshot().worker_jobs_abandoned_total === 1, WAIT_MS, 'the abandoned job');
    expect(calls).toBe(1);
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 0, worker_api_errors_total: 0 });
  });

  it('logs a refused token at error level and retries with backoff until the api takes it (a rotation)', async () => {
    const next = 'next-worker-token-0123456789abcdef01234';
    api.tokens = [FAKE_TOKEN];
    api.add({ id: 'j1', ...text('rotated') });
    const w = startWorker({ token: next, backoff: new Backoff(20, 80, () => 1) });
    // Wait on the worker's own log lines: the fake api counts a refusal before the worker has read it.
    const refusedLines = () => logs.filter((l) => l.msg === UNAUTHORIZED_MESSAGE);
    await eventually(() => refusedLines().length >= 4, WAIT_MS, 'four refused lease calls logged');
    const refused = refusedLines();
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused.every((l) => l.level === 'error')).toBe(true);
    expect(refused.slice(0, 4).map((l) => l['retry_in_ms'])).toEqual([20, 40, 80, 80]);
    expect(w.apiStatus).toBe('unauthorized');
    expect(w.state).toBe('running');
    // The api learns the new token (second line of its token file): the worker picks up the job.
    api.tokens = [FAKE_TOKEN, next];
    await reported(1);
    expect(w.apiStatus).toBe('reachable');
    expect(JSON.stringify(logs)).not.toContain(next);
  });

  it('retries a result refused for its token instead of dropping it', async () => {
    let refusals = 2;
    api.resultOverride = () => (refusals-- > 0 ? { status: 401, headers: { 'www-authenticate': 'Bearer' } } : undefined);
    api.add({ id: 'j1', ...text('keep trying') });
    startWorker();
    await reported(1);
    expect(api.results.map((r) => r.jobId)).toEqual(['j1']);
    expect(logs.filter((l) => l.msg === UNAUTHORIZED_MESSAGE && l['job_id'] === 'j1')).toHaveLength(2);
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_jobs_abandoned_total: 0, worker_api_errors_total: 2 });
  });

  it('gives up on a result once the lease would have expired', async () => {
    api.leaseTtlMs = 150;
    api.resultOverride = () => ({ status: 503 });
    api.add({ id: 'j1', ...text('expiring') });
    startWorker({ backoff: new Backoff(40, 40, () => 1) });
    await eventually(() => metrics.snapshot().worker_jobs_abandoned_total === 1, WAIT_MS, 'the abandoned job');
    expect(logs.some((l) => l.msg === 'api unavailable until the lease expires')).toBe(true);
  });

  describe('stop()', () => {
    it('returns at once when idle, and leases nothing more', async () => {
      // An hour's poll interval and an hour's deadline: neither can end stop() within the test's
      // timeout, so stop() returning at all shows that it cut the idle wait short (no clock read).
      const hour = 3_600_000;
      const w = startWorker({ pollIntervalMs: hour });
      await eventually(() => api.leaseCalls.length === 1, WAIT_MS, 'the first lease call');
      expect(await w.stop(hour)).toBe('finished');
      expect(w.state).toBe('stopped');
      // The loop has ended (stop() waited for it): nothing is left that could lease again.
      await loop;
      api.add({ id: 'later', ...text('never leased') });
      expect(api.leaseCalls).toHaveLength(1);
      expect(api.pending.map((job) => job.id)).toEqual(['later']);
    });

    it('finishes and reports the job in hand before returning', async () => {
      // The result's answer is held until stop() has been called: the job is in hand for sure.
      const answer = gate();
      api.resultOverride = () => ({ status: 200, until: answer.promise });
      api.add({ id: 'j1', ...text('in hand') });
      const w = startWorker();
      await eventually(() => metrics.inFlight === 1, WAIT_MS, 'the job in flight');
      expect(w.state).toBe('running');
      const stopping = w.stop(GENEROUS_MS);
      expect(w.state).toBe('draining');
      answer.open();
      expect(await stopping).toBe('finished');
      expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_jobs_in_flight: 0 });
    });

    it('runs and reports a job whose lease was granted while stopping', async () => {
      // The lease's answer is held until stop() has been called: it is granted while stopping.
      const answer = gate();
      api.leaseUntil = answer.promise;
      api.add({ id: 'j1', ...text('granted late') });
      const w = startWorker();
      await eventually(() => api.leaseCalls.length === 1, WAIT_MS, 'the lease call');
      const stopping = w.stop(GENEROUS_MS);
      answer.open();
      expect(await stopping).toBe('finished');
      expect(api.results.map((r) => r.jobId)).toEqual(['j1']);
      expect(api.leaseCalls).toHaveLength(1);
    });

    it('releases the job when the API stays down past the deadline, then returns', async () => {
      // After the first failed post the worker waits a 10-minute backoff before retrying, and the
      // lease lasts a day: only stop()'s deadline can end that wait within the test's timeout, so
      // stop() returning at all shows the deadline cut it short (no upper bound on the clock).
      api.leaseTtlMs = 86_400_000;
      api.resultOverride = () => ({ status: 503 });
      api.add({ id: 'j1', ...text('stuck') });
      const w = startWorker({ backoff: new Backoff(600_000, 600_000, () => 1) });
      await eventually(() => metrics.snapshot().worker_api_errors_total >= 1, WAIT_MS, 'a failed result post');
      const started = performance.now();
      expect(await w.stop(300)).toBe('released');
      // A lower bound only (it waited for its deadline); load can only lengthen it.
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect(metrics.snapshot()).toMatchObject({ worker_jobs_abandoned_total: 1, worker_jobs_done_total: 0, worker_jobs_in_flight: 0 });
      expect(logs.some((l) => l.msg === 'job released at shutdown deadline')).toBe(true);
    });
  });
});
