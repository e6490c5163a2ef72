// Smoke checks for the api prod image (run by `nx run api:smoke` after docker-prod).
import { expect } from 'vitest';
import { describeSmoke } from '@polystage/smoke';

interface JobBody {
  id: string;
  kind: string;
  status: string;
}

// The contract's test worker credential (issue 16); the worker and system tests use the same one.
const WORKER_TOKEN = 'smoke-worker-token-0123456789abcdef0123';
const asWorker = { authorization: `Bearer ${WORKER_TOKEN}` };
// base64url of "v1:9999999999999999999": the shape of a cursor, past SQLite's 64-bit integer range.
const OVERFLOW_CURSOR = 'djE6OTk5OTk5OTk5OTk5OTk5OTk5OQ';

describeSmoke({
  project: 'api',
  port: 8000,
  healthPath: '/healthz',
  // Only stops a hung start: the time to healthy is measured and reported. Python's imports and
  // the engine's own work take far longer when the two cores are shared with other builds.
  startupBudgetMs: 60_000,
  env: { API_WORKER_TOKEN: WORKER_TOKEN },
  // /data is the only writable path (a VOLUME in the image); the root fs stays read-only.
  volumes: ['/data'],
  absentPaths: {
    extra: [
      '/src',
      '**/tests/**',
      '**/pyproject.toml',
      '**/uv.lock',
      '**/bin/uv',
      '/opt/api/deps/uv',
      '/opt/api/deps/pip',
      '/opt/api/deps/pytest',
      '/opt/api/deps/ruff',
      '/opt/api/deps/schemathesis',
      '/opt/api/deps/hypothesis',
    ],
  },
  // In order, on one fresh database: create, lease it, then the error paths and stats.
  requests: [
    {
      name: 'POST /jobs creates a pending text-stats job',
      method: 'POST',
      path: '/jobs',
      body: { kind: 'text-stats', input: { text: 'smoke test words' } },
      expectStatus: 201,
      assert: (response) => {
        const job = response.json<JobBody>();
        expect(job).toMatchObject({ kind: 'text-stats', status: 'pending' });
        expect(response.headers.get('location')).toBe(`/jobs/${job.id}`);
      },
    },
    {
      name: 'GET /jobs lists summaries: no input, but an input_preview',
      path: '/jobs',
      expectStatus: 200,
      assert: (response) => {
        const [item] = response.json<{ items: Record<string, unknown>[] }>().items;
        expect(item).toMatchObject({ kind: 'text-stats', input_preview: 'smoke test words' });
        expect(item).not.toHaveProperty('input');
        expect(item).not.toHaveProperty('result');
      },
    },
    {
      name: 'POST /internal/jobs/lease without the worker token is 401',
      method: 'POST',
      path: '/internal/jobs/lease',
      body: { worker_id: 'smoke-worker' },
      expectStatus: 401,
      assert: (response) => expect(response.headers.get('www-authenticate')).toBe('Bearer'),
    },
    {
      name: 'POST /internal/jobs/lease with the worker token hands that job to a worker',
      method: 'POST',
      path: '/internal/jobs/lease',
      headers: asWorker,
      body: { worker_id: 'smoke-worker' },
      expectStatus: 200,
      assert: (response) => {
        const lease = response.json<{ job: JobBody; lease_token: string }>();
        expect(lease.job).toMatchObject({ kind: 'text-stats', status: 'leased' });
        expect(lease.lease_token).toBeTruthy();
      },
    },
    {
      name: 'POST /internal/jobs/{id}/result holding a lone surrogate is 422, not 500',
      method: 'POST',
      path: '/internal/jobs/any-job/result',
      headers: { ...asWorker, 'content-type': 'application/json' },
      // Sent as is: JSON text with the escape \udad9, a lone surrogate UTF-8 cannot encode.
      body: '{"status":"succeeded","lease_token":"t","result":{"x":"\\udad9"}}',
      expectStatus: 422,
      assert: (response) => expect(response.json<{ message: string }>().message).toContain('lone surrogate'),
    },
    {
      name: 'GET /jobs with a cursor past the integer range is 422, not 500',
      path: `/jobs?cursor=${OVERFLOW_CURSOR}`,
      expectStatus: 422,
      assert: (response) => expect(response.json<{ message: string }>().message).toContain('query.cursor'),
    },
    {
      name: 'POST /jobs with an empty text is 422 naming the field',
      method: 'POST',
      path: '/jobs',
      body: { kind: 'text-stats', input: { text: '' } },
      expectStatus: 422,
      assert: (response) => expect(response.json<{ message: string }>().message).toContain('body.input.text'),
    },
    {
      name: 'GET /internal/jobs/stats counts the leased job',
      path: '/internal/jobs/stats',
      expectStatus: 200,
      assert: (response) =>
        expect(response.json()).toMatchObject({ overall: { total: 1, by_status: { leased: 1 } } }),
    },
  ],
});
