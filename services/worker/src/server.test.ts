import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';
import { createWorkerServer } from './server.ts';
import type { ApiStatus, WorkerState } from './worker.ts';

const worker: { state: WorkerState; apiStatus: ApiStatus } = { state: 'running', apiStatus: 'unknown' };
let metrics: Metrics;
let server: Server;
let base: string;

beforeEach(async () => {
  Object.assign(worker, { state: 'running', apiStatus: 'unknown' });
  metrics = new Metrics();
  server = createWorkerServer({ worker, metrics, workerId: 'w-1' }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise((resolve) => server.close(resolve)));

describe('GET /healthz', () => {
  it('is 200 while running, telling whether the API answered', async () => {
    let response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', worker_id: 'w-1', api: 'unknown', jobs_in_flight: 0 });
    worker.apiStatus = 'unreachable';
    metrics.setInFlight(1);
    response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', api: 'unreachable', jobs_in_flight: 1 });
    // A token the api refuses is still live: restarting would not fix it, and rotation must not crash-loop.
    worker.apiStatus = 'unauthorized';
    response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', api: 'unauthorized' });
  });

  it('is 503 once draining', async () => {
    worker.state = 'draining';
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'draining' });
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text with done, failed, in flight, abandoned and API errors', async () => {
    metrics.jobReported('succeeded');
    metrics.jobReported('succeeded');
    metrics.jobReported('failed');
    metrics.setInFlight(1);
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('# TYPE worker_jobs_done_total counter\nworker_jobs_done_total 2\n');
    expect(body).toContain('# TYPE worker_jobs_failed_total counter\nworker_jobs_failed_total 1\n');
    expect(body).toContain('# TYPE worker_jobs_in_flight gauge\nworker_jobs_in_flight 1\n');
    expect(body).toContain('worker_jobs_abandoned_total 0\n');
    expect(body).toContain('worker_api_errors_total 0\n');
    // Every sample line is "name value" and every metric has HELP and TYPE.
    for (const line of body.trimEnd().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) worker_\w+ .+|worker_\w+ \d+)$/);
  });
});

describe('other requests', () => {
  it('is 404 for unknown paths and 405 for other methods', async () => {
    expect((await fetch(`${base}/jobs`)).status).toBe(404);
    const response = await fetch(`${base}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
