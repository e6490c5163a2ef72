import { describe, expect, it } from 'vitest';
import { ApiError, JobsApi } from './api.ts';
import { fakeApi } from './test/fake-api.ts';

describe('JobsApi', () => {
  it('creates a text-stats job and reads it back under the configured base', async () => {
    const fake = fakeApi('/gateway/api');
    const api = new JobsApi('/gateway/api/', fake.fetch);

    const created = await api.createJob('three little words');
    expect(created).toMatchObject({ kind: 'text-stats', status: 'pending', input: { text: 'three little words' } });
    expect(await api.getJob(created.id)).toEqual(created);
    expect(fake.calls).toEqual(['POST /gateway/api/jobs', `GET /gateway/api/jobs/${created.id}`]);
  });

  it('pages with limit and the opaque cursor', async () => {
    const fake = fakeApi();
    for (const text of ['a', 'b', 'c']) fake.add(text);
    const api = new JobsApi('/api', fake.fetch);

    const first = await api.listJobs({ limit: 2 });
    expect(first.items.map((j) => j.input_preview)).toEqual(['c', 'b']);
    const second = await api.listJobs({ limit: 2, cursor: first.next_cursor });
    expect(second).toMatchObject({ items: [{ input_preview: 'a' }], next_cursor: null });
    // Summaries: the list never carries the input or the result.
    expect(Object.keys(second.items[0]!)).not.toContain('input');
    expect(Object.keys(second.items[0]!)).not.toContain('result');
    expect(fake.calls).toEqual(['GET /api/jobs?limit=2', 'GET /api/jobs?limit=2&cursor=2']);
  });

  it("turns the API's 422 message and 404 detail into the error message", async () => {
    const api = new JobsApi('/api', fakeApi().fetch);
    await expect(api.createJob('')).rejects.toMatchObject({
      status: 422,
      message: 'body.input.text: String should have at least 1 character',
    });
    await expect(api.getJob('missing')).rejects.toMatchObject({ status: 404, message: 'job missing not found' });
  });

  it('says which API it could not reach, and what a 5xx without a body means', async () => {
    const fake = fakeApi();
    fake.offline = true;
    const error = await new JobsApi('/api', fake.fetch).listJobs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, message: 'Cannot reach the API at /api (Failed to fetch).' });

    const failing = new JobsApi('/api', async () => new Response('Bad Gateway', { status: 502 }));
    await expect(failing.listJobs()).rejects.toMatchObject({ status: 502, message: 'The API failed (HTTP 502); try again shortly.' });
  });
});
