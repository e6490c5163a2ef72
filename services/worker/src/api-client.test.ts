import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiRejected, ApiUnavailable } from './api-client.ts';
import { FakeApi } from './testing/fake-api.ts';

let api: FakeApi;
let client: ApiClient;

beforeEach(async () => {
  api = await new FakeApi().start();
  client = new ApiClient(api.url, 500);
});
afterEach(() => api.stop());

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
    await expect(client.lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /jobs/lease answered 503: {"detail":"database is locked"}'));
    api.leaseOverride = () => ({ status: 200, body: { job: null } });
    await expect(client.lease('w-1')).rejects.toThrow(/answered 200 without a job id/);
    api.leaseOverride = () => ({ status: 204, delayMs: 2000 });
    await expect(client.lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /jobs/lease: no answer within 500 ms'));
    await api.stop();
    await expect(client.lease('w-1')).rejects.toThrow(new ApiUnavailable('POST /jobs/lease: ECONNREFUSED'));
  });

  it('treats other 4xx as rejected, with the status', async () => {
    api.leaseOverride = () => ({ status: 422, body: { message: 'body.worker_id: bad' } });
    const error = await client.lease('w-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRejected);
    expect(error).toMatchObject({ status: 422 });
  });

  it('lets the caller abort a call', async () => {
    api.leaseOverride = () => ({ status: 204, delayMs: 400 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(client.lease('w-1', controller.signal)).rejects.toThrow(/abort/i);
  });
});

describe('ApiClient.postResult', () => {
  it('posts the outcome with the lease token', async () => {
    api.add({ id: 'j/1', kind: 'text-stats', input: { text: 'hi' } });
    const lease = (await client.lease('w-1'))!;
    await client.postResult(lease.job.id, lease.token, { status: 'succeeded', result: { words: 1 } });
    expect(api.results).toEqual([{ jobId: 'j/1', body: { lease_token: 'token-j/1', status: 'succeeded', result: { words: 1 } } }]);
  });

  it('reports a lease that is no longer ours as rejected 409', async () => {
    await expect(client.postResult('j1', 'stale', { status: 'failed', error: 'x' })).rejects.toMatchObject({ status: 409 });
  });
});
