// Smoke spec for the gateway's prod image. The stub upstream is a second
// container of the same image (no other local image is guaranteed to exist):
// its own /healthz answers without proxying, so "/api/healthz" through the
// gateway under test proves routing, prefix stripping and a cross-container hop.
import { expect } from 'vitest';
import { describeSmoke, resolveSmokeImage } from '@polystage/smoke';

const upstream = 'http://upstream:8080';
// The stub's own upstreams point at itself; it is only asked for /healthz.
const self = 'http://127.0.0.1:8080';
// Budgets only stop a hung start or call: the time to healthy is measured and reported. On an idle
// machine it is well under a second, but the engine's own work (create, start, port mapping)
// takes far longer when the two cores are shared with other builds.
const STARTUP_BUDGET_MS = 60_000;

describeSmoke({
  project: 'gateway',
  port: 8080,
  healthPath: '/healthz',
  startupBudgetMs: STARTUP_BUDGET_MS,
  env: {
    GATEWAY_API_URL: upstream,
    GATEWAY_REPORTS_URL: upstream,
    GATEWAY_WEB_URL: upstream,
    // /readyz probes each upstream with this bound (2 s by default): generous here, where the
    // upstream container shares loaded cores; the answer, not the bound, is what is checked.
    GATEWAY_READY_TIMEOUT: '30s',
  },
  // Writes nothing to disk: --read-only needs no tmpfs or volume.
  absentPaths: { extra: ['/src', '/go', '/usr/local/go', '**/*.go', '**/go.mod'] },
  sidecars: [
    {
      alias: 'upstream',
      image: resolveSmokeImage('gateway'),
      port: 8080,
      healthPath: '/healthz',
      startupBudgetMs: STARTUP_BUDGET_MS,
      env: { GATEWAY_API_URL: self, GATEWAY_REPORTS_URL: self, GATEWAY_WEB_URL: self },
    },
  ],
  requests: [
    {
      name: 'GET /api/healthz is proxied to the api upstream with /api stripped, keeping X-Request-Id',
      path: '/api/healthz',
      headers: { 'X-Request-Id': 'smoke-req-1' },
      expectStatus: 200,
      assert: (response) => {
        expect(response.json()).toMatchObject({ status: 'ok' });
        expect(response.headers.get('x-request-id')).toBe('smoke-req-1');
      },
    },
    {
      name: 'GET /reports/healthz is proxied to the reports upstream',
      path: '/reports/healthz',
      expectStatus: 200,
      assert: (response) => expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/),
    },
    {
      name: 'GET /readyz reaches every upstream health path',
      path: '/readyz',
      timeoutMs: 60_000, // above GATEWAY_READY_TIMEOUT, so a failed probe is what gets reported
      expectStatus: 200,
      assert: (response) => expect(response.json()).toEqual({ status: 'ready' }),
    },
  ],
});
