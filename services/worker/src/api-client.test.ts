import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiRejected, ApiUnauthorized, ApiUnavailable, UNAUTHORIZED_MESSAGE } from './api-client.ts';
import { FAKE_TOKEN, FakeApi } from './testing/fake-api.ts';

let api: FakeApi;
let client: ApiClient;
let silent: Server | undefined;

// The fake answers at once on an idle machine; this bound only stops a hung call. Tests of the
// client's own timeout use their own client against a server that never answers.
const GENEROUS_TIMEOUT_MS = 60_000;

beforeEach(async () => {
  api = await new FakeApi().start();
  client = new ApiClient(api.url, FAKE_TOKEN, GENEROUS_TIMEOUT_MS);
});
afterEach(async () => {
  await api.stop();
  if (silent) {
    silent.closeAllConnections();
    await new Promise((resolve) => silent!.close(resolve));
    silent = undefined;
  }
});

/**
 * A server that takes requests and never answers them, so a timeout or an abort is what ends the
 * call, whatever the load (an answer after a fixed delay only races the client's timer).
 * `asked` resolves when the first request has arrived.
 */
async function neverAnswers(): Promise<{ url: string; asked: Promise<void> }> {
  let arrived!: () => void;
  const asked = new Promise<void>((resolve) => (arrived = resolve));
  silent = createServer(() => arrived());
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  return { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, asked };
}

describe('ApiClient.lease', () => {
  it('is undefined when the API has nothing to lease (204)', async () => {
    expect(await client.lease('w-1')).toBeUndefined();
  });

  it('returns the job, token and expiry of a granted lease', async () => {
    api.add({ id: 'j1', kind: 'text-stats', input: { text: 'hi' } });
    const lease = await client.lease('w-1');
    expect(lease).toEqual({
      job: { id: 'j1', kind: 'text-stats', input: { text: 'hi' }, attempts: 1 },
      token: 'token-j1',
      expiresAt: expect.any(Date),
    });
    expect(lease!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('treats 5xx, timeouts, refused connections and malformed leases as unavailable', async () => {
    api.leaseOverride = () => ({ status: 503, body: { detail: 'database is locked' } });
    await expect(client.lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /internal/jobs/lease answered 503: {"detail":"database is locked"}'));
    api.leaseOverride = () => ({ status: 200, body: { job: null } });
    await expect(client.lease('w-1')).rejects.toThrow(/answered 200 without a job id/);
    const { url } = await neverAnswers();
    await expect(new ApiClient(url, FAKE_TOKEN, 500).lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /internal/jobs/lease: no answer within 500 ms'));
    await api.stop();
    await expect(client.lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /internal/jobs/lease: ECONNREFUSED'));
  });

  it('sends the worker token as a bearer token', async () => {
    await client.lease('w-1');
    expect(api.authorizations).toEqual([`Bearer ${FAKE_TOKEN}`]);
  });

  it('turns a 401 into ApiUnauthorized naming the two settings to compare', async () => {
    const stranger = new ApiClient(api.url, 'another-token-0123456789abcdef0123456', GENEROUS_TIMEOUT_MS);
    const error = await stranger.lease('w-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnauthorized);
    expect((error as Error).message).toBe(`POST /internal/jobs/lease answered 401: ${UNAUTHORIZED_MESSAGE}`);
    expect(api.unauthorized).toBe(1);
    expect(api.leaseCalls).toEqual([]);
  });

  it('treats other 4xx as rejected, with the status', async () => {
    api.leaseOverride = () => ({ status: 422, body: { message: 'body.worker_id: bad' } });
    const error = await client.lease('w-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRejected);
    expect(error).toMatchObject({ status: 422 });
  });

  it('lets the caller abort a call', async () => {
    const { url, asked } = await neverAnswers();
    const controller = new AbortController();
    // Aborted once the request is in flight; only the abort can end it (the timeout is a minute).
    void asked.then(() => controller.abort());
    await expect(new ApiClient(url, FAKE_TOKEN, GENEROUS_TIMEOUT_MS).lease('w-1', controller.signal)).rejects.toThrow(/abort/i);
  });
});

describe('ApiClient.postResult', () => {
  it('posts the outcome with the lease token', async () => {
    api.add({ id: 'j/1', kind: 'text-stats', input: { text: 'hi' } });
    const lease = (await client.lease('w-1'))!;
    await client.postResult(lease.job.id, lease.token, { status: 'succeeded', result: { words: 1 } });
    expect(api.results).toEqual([{ jobId: 'j/1', body: { lease_token: 'token-j/1', status: 'succeeded', result: { words: 1 } } }]);
  });

  it('sends the token on the result too, and a 401 there is ApiUnauthorized', async () => {
    api.add({ id: 'j1', kind: 'text-stats', input: { text: 'hi' } });
    const lease = (await client.lease('w-1'))!;
    api.tokens = ['rotated-token-0123456789abcdef0123456789'];
    await expect(client.postResult('j1', lease.token, { status: 'succeeded', result: {} })).rejects.toBeInstanceOf(ApiUnauthorized);
    expect(api.authorizations).toEqual([`Bearer ${FAKE_TOKEN}`, `Bearer ${FAKE_TOKEN}`]);
    expect(api.results).toEqual([]);
  });

  it('reports a lease that is no longer ours as rejected 409', async () => {
    await expect(client.postResult('j1', 'stale', { status: 'failed', error: 'x' })).rejects.toMatchObject({ status: 409 });
  });
});
