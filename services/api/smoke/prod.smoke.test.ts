// Smoke checks for the api prod image (run by `nx run api:smoke` after docker-prod).
import { expect } from 'vitest';
import { describeSmoke } from '@polystage/smoke';

interface JobBody {
  id: string;
  kind: string;
  status: string;
}

describeSmoke({
  project: 'api',
  port: 8000,
  healthPath: '/healthz',
  // Only stops a hung start: the time to healthy is measured and reported. Python's imports and
  // the engine's own work take far longer when the two cores are shared with other builds.
  startupBudgetMs: 60_000,
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
      name: 'POST /jobs/lease hands that job to a worker',
      method: 'POST',
      path: '/jobs/lease',
      body: { worker_id: 'smoke-worker' },
      expectStatus: 200,
      assert: (response) => {
        const lease = response.json<{ job: JobBody; lease_token: string }>();
        expect(lease.job).toMatchObject({ kind: 'text-stats', status: 'leased' });
        expect(lease.lease_token).toBeTruthy();
      },
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
      name: 'GET /jobs/stats counts the leased job',
      path: '/jobs/stats',
      expectStatus: 200,
      assert: (response) =>
        expect(response.json()).toMatchObject({ overall: { total: 1, by_status: { leased: 1 } } }),
    },
  ],
});
