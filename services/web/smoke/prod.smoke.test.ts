// Smoke spec for the web prod image (nginx serving the built SPA).
// 1. The kit's checks plus HTTP checks of headers, caching and the SPA fallback.
// 2. The real flow in a real browser: api and web behind the gateway, on one network, with
//    Debian's Chromium rendering the dashboard through the gateway (same-origin /api, as
//    deployed), creating a job through the form and showing its result. The worker's part is
//    played on the api's internal routes with the worker token, as the worker does: the gateway
//    refuses them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  describeSmoke,
  expectHealthy,
  launchChromium,
  prodImage,
  resolveSmokeImage,
  saveScreenshot,
  SMOKE_WORKER_TOKEN,
  startSidecars,
  workerAuthorization,
} from '@polystage/smoke';
import type { LaunchedChromium, RunningService, SmokeResponse, StartedSidecars } from '@polystage/smoke';

// Budgets and timeouts below only turn a hang into a failure: times to healthy are measured and
// reported, and every wait is for something on the page. On an idle machine each takes about a
// second, but the engine and Chromium take far longer when the two cores are shared with other
// builds.
const STARTUP_BUDGET_MS = 60_000;
const PAGE_TIMEOUT_MS = 60_000;

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function expectSecurityHeaders(response: SmokeResponse): void {
  expect(response.headers.get('content-security-policy')).toBe(CSP);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('server')).toBe('nginx'); // no version
}

function expectIndexHtml(response: SmokeResponse): void {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(response.text).toContain('<div id="root"></div>');
  expect(response.text).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  expectSecurityHeaders(response);
}

describeSmoke({
  project: 'web',
  port: 8080,
  healthPath: '/healthz',
  startupBudgetMs: STARTUP_BUDGET_MS,
  // nginx writes its pid file and creates its (unused) temp folders there at start; a tmpfs is
  // writable by any uid, so the kit's --user 12345:0 run needs nothing more.
  tmpfs: { '/tmp': '' },
  absentPaths: {
    extra: [
      '/src',
      '**/node_modules',
      '/usr/local/bin/node',
      '**/package.json',
      '/srv/web/src',
      '/srv/web/**/*.ts',
      '/srv/web/**/*.tsx',
      '/srv/web/**/*.map',
      '/etc/nginx/sites-enabled',
    ],
  },
  requests: [
    {
      name: 'GET /healthz answers from the server config',
      path: '/healthz',
      expectStatus: 200,
      assert: (response) => expect(response.json()).toEqual({ status: 'ok' }),
    },
    {
      name: 'GET / is index.html, revalidated every time, with the CSP and security headers',
      path: '/',
      expectStatus: 200,
      assert: expectIndexHtml,
    },
    {
      name: 'GET /jobs/<id> (a deep link) falls back to index.html',
      path: '/jobs/0b6c1d52-deep-link',
      expectStatus: 200,
      assert: expectIndexHtml,
    },
    {
      name: 'GET /config.json is the default runtime config, no-cache',
      path: '/config.json',
      expectStatus: 200,
      assert: (response) => {
        expect(response.json()).toEqual({ apiBaseUrl: '/api' });
        expect(response.headers.get('cache-control')).toBe('no-cache');
        expect(response.headers.get('content-type')).toBe('application/json');
      },
    },
    {
      name: 'GET a missing hashed asset is 404, not the SPA page',
      path: '/assets/index-missing.js',
      expectStatus: 404,
      assert: expectSecurityHeaders,
    },
    {
      name: 'GET a missing file with an extension is 404',
      path: '/robots.txt',
      expectStatus: 404,
    },
  ],
});

// ---------------------------------------------------------------------------

// The images their docker-prod builds recorded (smoke/sidecars.json makes web:smoke build them first).
const GATEWAY_IMAGE = prodImage('gateway');
/** GATEWAY_<NAME>_URL (the gateway requires one per upstream of its route table) for every upstream but the api's, set to `url`. */
const otherUpstreamsAt = (url: string): Record<string, string> => {
  const table = JSON.parse(readFileSync(new URL('../../gateway/internal/routes/routes.json', import.meta.url), 'utf8')) as { upstreams: { name: string }[] };
  return Object.fromEntries(table.upstreams.filter((u) => u.name !== 'api').map((u) => [`GATEWAY_${u.name.toUpperCase().replaceAll('-', '_')}_URL`, url]));
};
const API_IMAGE = prodImage('api');

describe('web in the real flow: Chromium -> gateway -> web + api', () => {
  let sidecars: StartedSidecars | undefined;
  let api: RunningService | undefined;
  let gateway: RunningService | undefined;
  let browser: LaunchedChromium | undefined;

  beforeAll(async () => {
    sidecars = await startSidecars([
      { alias: 'web', image: resolveSmokeImage('web'), port: 8080, healthPath: '/healthz', startupBudgetMs: STARTUP_BUDGET_MS },
    ]);
    // The api on the same network, with its port mapped: the test reaches its internal routes
    // directly, as a worker on the compose network does.
    api = await expectHealthy({
      image: API_IMAGE,
      port: 8000,
      healthPath: '/healthz',
      env: { API_WORKER_TOKEN: SMOKE_WORKER_TOKEN },
      network: sidecars.network,
      networkAliases: ['api'],
      startupBudgetMs: STARTUP_BUDGET_MS,
    });
    // /readyz (on the admin port) answers 200 only when the gateway reaches both through the network.
    gateway = await expectHealthy({
      image: GATEWAY_IMAGE,
      port: 8080,
      healthPath: '/readyz',
      healthPort: 9090,
      startupBudgetMs: STARTUP_BUDGET_MS,
      network: sidecars.network,
      networkAliases: ['gateway'],
      // Every other upstream of the gateway's route table (reports, generated services) is pointed at web, which answers their probe.
      env: { ...otherUpstreamsAt('http://web:8080'), GATEWAY_API_URL: 'http://api:8000', GATEWAY_WEB_URL: 'http://web:8080' },
    });
    // The gateway's mapped port is plain http on the engine's address; as deployed it is
    // behind TLS, where the browser honours Cross-Origin-Opener-Policy instead of warning.
    browser = await launchChromium({ secureOrigins: [gateway.baseUrl] });
  }, 3 * STARTUP_BUDGET_MS + 120_000);

  afterAll(async () => {
    await browser?.close();
    await gateway?.remove();
    await api?.remove();
    await sidecars?.remove();
  }, 60_000);

  const url = (path: string): string => new URL(path, gateway!.baseUrl).toString();

  it('serves the hashed assets precompressed (brotli, gzip or plain as accepted), cached for good', async () => {
    const index = await (await fetch(url('/'))).text();
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(index)?.[1];
    expect(script, 'index.html names its entry script').toBeDefined();

    const variants = new Map<string, Response>();
    for (const encoding of ['br, gzip', 'gzip', 'identity']) {
      const response = await fetch(url(script!), { headers: { 'accept-encoding': encoding } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
      expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      variants.set(encoding, response);
    }
    expect(variants.get('br, gzip')!.headers.get('content-encoding')).toBe('br');
    expect(variants.get('gzip')!.headers.get('content-encoding')).toBe('gzip');
    expect(variants.get('identity')!.headers.get('content-encoding')).toBeNull();
    // Three different files on disk: three different validators, one content.
    const etags = new Set([...variants.values()].map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(3);
    const bodies = await Promise.all([...variants.values()].map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
  });

  it('renders the dashboard, validates, submits a job and shows its result (screenshot in dist/smoke-artifacts/web)', async () => {
    const page = await browser!.newPage();
    // Playwright's 30 s default for every wait below, made generous for loaded cores.
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
    const errors = collectPageErrors(page);
    const text = 'smoke test from chromium\nsecond line';

    await page.goto(url('/'));
    await page.getByRole('heading', { name: 'polystage jobs' }).waitFor();
    await page.getByText(/^updated /).waitFor();

    // Client-side validation: nothing is sent for empty text.
    await page.getByRole('button', { name: 'Submit job' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Enter some text to analyse.');

    await page.getByLabel('Text to analyse').fill(text);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/jobs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Submit job' }).click();
    const job = (await (await created).json()) as { id: string; status: string };
    expect(job.status).toBe('pending');

    // The new job opens and is listed (the list polls the API through the gateway).
    await page.waitForURL(url(`/jobs/${job.id}`));
    const row = page.getByRole('row').filter({ hasText: 'smoke test from chromium second line' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('pending');

    // The worker protocol is not public: through the gateway a lease is refused, even with the
    // token (the internal lease below still gets this job).
    const anonymous = await fetch(url('/api/jobs/lease'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...workerAuthorization },
      body: JSON.stringify({ worker_id: 'web-smoke' }),
    });
    expect([404, 405]).toContain(anonymous.status);
    await anonymous.body?.cancel();

    // A worker's part, done on the api's internal routes with the worker token: lease the job
    // and post its result.
    const internal = (path: string, body: unknown) =>
      fetch(`${api!.baseUrl}/internal/jobs${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...workerAuthorization },
        body: JSON.stringify(body),
      });
    const lease = await internal('/lease', { worker_id: 'web-smoke' });
    expect(lease.status).toBe(200);
    const { job: leased, lease_token: leaseToken } = (await lease.json()) as { job: { id: string }; lease_token: string };
    expect(leased.id).toBe(job.id);
    const posted = await internal(`/${job.id}/result`, {
      status: 'succeeded',
      lease_token: leaseToken,
      result: { words: 5, lines: 2, chars: text.length },
    });
    expect(posted.status).toBe(200);

    // The open job view polls until it has finished, then shows the result.
    const result = page.getByRole('table', { name: 'Result' });
    await result.waitFor();
    await expect(result.textContent()).resolves.toBe(`words5lines2chars${text.length}`);
    await row.filter({ hasText: 'succeeded' }).waitFor();

    // A deep link loaded cold goes through the SPA fallback and shows the same job.
    await page.goto(url(`/jobs/${job.id}`));
    await page.getByRole('table', { name: 'Result' }).waitFor();

    const screenshot = await saveScreenshot(page, 'web', 'dashboard');
    console.info(`[smoke] web: screenshot ${screenshot}`);
    // No CSP violation, script error or failed request on the way.
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
