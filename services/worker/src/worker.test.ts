import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { Backoff } from './backoff.ts';
import { createLogger, type Fields } from './log.ts';
import { Metrics } from './metrics.ts';
import { eventually, FakeApi } from './testing/fake-api.ts';
import { Worker } from './worker.ts';

let api: FakeApi;
let metrics: Metrics;
let logs: Array<Fields & { msg: string }>;
let worker: Worker | undefined;

beforeEach(async () => {
  api = await new FakeApi().start();
  metrics = new Metrics();
  logs = [];
});
afterEach(async () => {
  await worker?.stop(0);
  worker = undefined;
  await api.stop();
});

function startWorker(options: { pollIntervalMs?: number; backoff?: Backoff; timeoutMs?: number } = {}): Worker {
  worker = new Worker({
    api: new ApiClient(api.url, options.timeoutMs ?? 1000),
    workerId: 'test-worker',
    pollIntervalMs: options.pollIntervalMs ?? 20,
    backoff: options.backoff ?? new Backoff(20, 100, () => 1),
    metrics,
    log: createLogger('debug', (line) => logs.push(JSON.parse(line) as Fields & { msg: string })),
  });
  void worker.start();
  return worker;
}

const text = (t: string) => ({ kind: 'text-stats', input: { text: t } });

/** The API stores a result before its answer reaches the worker: wait for the worker's side. */
const reported = (count: number) =>
  eventually(() => {
    const { worker_jobs_done_total: done, worker_jobs_failed_total: failed } = metrics.snapshot();
    return done + failed === count;
  }, 5000, `${count} reported job(s)`);

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
    await eventually(() => api.leaseCalls.length >= 4, 5000, 'four lease calls');
    const gaps = api.leaseCalls.slice(1).map((t, i) => t - api.leaseCalls[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(90);
  });

  it('retries with growing waits while the API is down, then picks up work when it is back', async () => {
    await api.stop();
    const w = startWorker({ backoff: new Backoff(50, 400, () => 1) });
    await eventually(() => metrics.snapshot().worker_api_errors_total >= 4, 5000, 'four failed lease calls');
    expect(w.apiReachable).toBe(false);
    const waits = logs.filter((l) => l.msg === 'api unavailable; retrying').map((l) => l['retry_in_ms']);
    expect(waits.slice(0, 4)).toEqual([50, 100, 200, 400]);
    expect(logs.find((l) => l.msg === 'api unavailable; retrying')!['error']).toContain('ECONNREFUSED');

    api.add({ id: 'after-outage', ...text('back again') });
    await api.start();
    await reported(1);
    expect(w.apiReachable).toBe(true);
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
    await eventually(() => metrics.snapshot().worker_jobs_abandoned_total === 1, 5000, 'the abandoned job');
    expect(calls).toBe(1);
    expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 0, worker_api_errors_total: 0 });
  });

  it('gives up on a result once the lease would have expired', async () => {
    api.leaseTtlMs = 150;
    api.resultOverride = () => ({ status: 503 });
    api.add({ id: 'j1', ...text('expiring') });
    startWorker({ backoff: new Backoff(40, 40, () => 1) });
    await eventually(() => metrics.snapshot().worker_jobs_abandoned_total === 1, 5000, 'the abandoned job');
    expect(logs.some((l) => l.msg === 'api unavailable until the lease expires')).toBe(true);
  });

  describe('stop()', () => {
    it('returns at once when idle, and leases nothing more', async () => {
      const w = startWorker({ pollIntervalMs: 10_000 });
      await eventually(() => api.leaseCalls.length === 1, 5000, 'the first lease call');
      const started = performance.now();
      expect(await w.stop(5000)).toBe('finished');
      expect(performance.now() - started).toBeLessThan(500);
      expect(w.state).toBe('stopped');
      api.add({ id: 'later', ...text('never leased') });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(api.leaseCalls).toHaveLength(1);
    });

    it('finishes and reports the job in hand before returning', async () => {
      api.resultOverride = () => ({ status: 200, delayMs: 300 });
      api.add({ id: 'j1', ...text('in hand') });
      const w = startWorker();
      await eventually(() => metrics.inFlight === 1, 5000, 'the job in flight');
      expect(w.state).toBe('running');
      const stopping = w.stop(5000);
      expect(w.state).toBe('draining');
      expect(await stopping).toBe('finished');
      expect(metrics.snapshot()).toMatchObject({ worker_jobs_done_total: 1, worker_jobs_in_flight: 0 });
    });

    it('runs and reports a job whose lease was granted while stopping', async () => {
      api.leaseDelayMs = 200;
      api.add({ id: 'j1', ...text('granted late') });
      const w = startWorker();
      await eventually(() => api.leaseCalls.length === 1, 5000, 'the lease call');
      expect(await w.stop(5000)).toBe('finished');
      expect(api.results.map((r) => r.jobId)).toEqual(['j1']);
      expect(api.leaseCalls).toHaveLength(1);
    });

    it('releases the job when the API stays down past the deadline, then returns', async () => {
      api.resultOverride = () => ({ status: 503 });
      api.add({ id: 'j1', ...text('stuck') });
      const w = startWorker({ backoff: new Backoff(50, 50, () => 1) });
      await eventually(() => metrics.snapshot().worker_api_errors_total >= 1, 5000, 'a failed result post');
      const started = performance.now();
      expect(await w.stop(300)).toBe('released');
      expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(metrics.snapshot()).toMatchObject({ worker_jobs_abandoned_total: 1, worker_jobs_done_total: 0, worker_jobs_in_flight: 0 });
      expect(logs.some((l) => l.msg === 'job released at shutdown deadline')).toBe(true);
    });
  });
});
