/**
 * The whole system, wired as in production, driven as a user would: every compose.yaml service's
 * prod image on one network with the gateway in front; Chromium opens the dashboard through the
 * gateway and submits a job; the worker leases it from the api, runs it and posts the result; the
 * dashboard shows the result; then each service that reads the system's jobs checks what it makes
 * of the finished one (its smoke/system-checks.ts: reports counts it). Nothing here stands in for
 * a service: every image is the one `nx run <service>:docker-prod` built, by the ID its build
 * record names. From outside, only the public routes exist: the worker protocol, the api's docs
 * and every probe stay behind the gateway, which the second test proves.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { collectPageErrors, launchChromium, saveScreenshot, workerAuthorization, type LaunchedChromium, type RunningService } from '@polystage/smoke';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSystemChecks, systemChecksEnv } from '../src/service-checks.ts';
import { startWholeSystem, type WholeSystem } from '../src/whole-system.ts';

const root = resolve(import.meta.dirname, '../..');
const serviceChecks = await loadSystemChecks(root);
/** The gateway's public prefixes (routes.json): each upstream's own probe under it must stay unreachable. */
const prefixes = (JSON.parse(readFileSync(join(root, 'services/gateway/internal/routes/routes.json'), 'utf8')) as { upstreams: { prefix: string }[] }).upstreams.map((u) => u.prefix);

const started = performance.now();
let system: WholeSystem | undefined;
let gateway: RunningService | undefined;
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  // As compose.yaml runs them (limits included), in its dependency order.
  const added = systemChecksEnv(serviceChecks);
  system = await startWholeSystem({
    root,
    env: {
      ...added,
      // A short idle poll keeps the flow quick; the default (1 s) is for production.
      // Request timeout: on a loaded machine a slow answer must not turn into an abandoned job.
      worker: { ...added['worker'], WORKER_POLL_INTERVAL_MS: '200', WORKER_REQUEST_TIMEOUT_MS: '60000' },
      gateway: { ...added['gateway'], GATEWAY_READY_TIMEOUT: '30s' },
    },
  });
  gateway = system.services['gateway']!;
  const names = Object.keys(system.services);
  console.info(`[system] ${names.length} services (${names.join(', ')}) healthy behind the gateway after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchChromium({ secureOrigins: [gateway.baseUrl] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await system?.remove();
  console.info(`[system] full flow wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 60_000);

const url = (path: string): string => new URL(path, gateway!.baseUrl).toString();

describe('system: browser -> gateway -> web + api -> worker, and the services reading the api', () => {
  it('a job submitted in the dashboard is processed by the worker and shown with its result', async () => {
    const page = await browser!.newPage();
    const errors = collectPageErrors(page);
    const text = 'the system flow\nruns through every service';

    await page.goto(url('/'));
    await page.getByRole('heading', { name: 'polystage jobs' }).waitFor();
    await page.getByLabel('Text to analyse').fill(text);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/jobs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Submit job' }).click();
    const job = (await (await created).json()) as { id: string; status: string; kind: string };
    expect(job).toMatchObject({ status: 'pending', kind: 'text-stats' });

    // Nobody but the worker leases jobs here: a result appearing means the worker ran it.
    await page.waitForURL(url(`/jobs/${job.id}`));
    const result = page.getByRole('table', { name: 'Result' });
    await result.waitFor({ timeout: 120_000 });
    await page.getByRole('row').filter({ hasText: 'the system flow runs through every service' }).filter({ hasText: 'succeeded' }).waitFor();
    console.info(`[system] screenshot ${await saveScreenshot(page, 'system', 'flow')}`);

    // The api holds what the worker computed, and the dashboard shows exactly that.
    const stored = (await (await fetch(url(`/api/jobs/${job.id}`))).json()) as { status: string; result: Record<string, number> };
    expect(stored).toMatchObject({ status: 'succeeded', result: { characters: text.length, words: 7, lines: 2 } });
    const shown = await result.textContent();
    for (const [name, value] of Object.entries(stored.result)) expect(shown).toMatch(new RegExp(`${name}\\s*${value}`));

    // No CSP violation, script error or failed request on the way.
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  // After the job above, and before the next describe creates more.
  for (const { service, checks } of serviceChecks) {
    it(`${service} makes what it should of the finished job (services/${service}/smoke/system-checks.ts)`, () => checks.afterJobs(gateway!.baseUrl, 1), 120_000);
  }
});

describe('system: the gateway is the only way in, and it exposes only the public routes', () => {
  /** The status the gateway answers; the body is dropped. */
  const status = async (method: string, path: string, init: RequestInit = {}): Promise<number> => {
    const response = await fetch(url(path), { method, ...init });
    await response.body?.cancel();
    return response.status;
  };

  it('refuses the worker protocol, even with the right token, and never reaches the api with it', async () => {
    const job = (await (await fetch(url('/api/jobs'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text-stats', input: { text: 'not for anonymous workers' } }),
    })).json()) as { id: string };
    const lease = { headers: { 'content-type': 'application/json', ...workerAuthorization }, body: JSON.stringify({ worker_id: 'intruder' }) };
    const result = { headers: { 'content-type': 'application/json', ...workerAuthorization }, body: JSON.stringify({ status: 'succeeded', lease_token: 'x', result: {} }) };
    for (const path of ['/api/internal/jobs/lease', '/api/jobs/lease']) expect([404, 405], `POST ${path}`).toContain(await status('POST', path, lease));
    for (const path of [`/api/internal/jobs/${job.id}/result`, `/api/jobs/${job.id}/result`]) {
      expect([404, 405], `POST ${path}`).toContain(await status('POST', path, result));
    }
    // Pending, or taken by the real worker by now: never leased by the caller outside.
    const after = (await (await fetch(url(`/api/jobs/${job.id}`))).json()) as { worker_id: string | null };
    expect(after.worker_id).not.toBe('intruder');
  });

  it('keeps docs, stats and every probe off the public port', async () => {
    const upstreamProbes = prefixes.map((prefix) => `${prefix}/healthz`);
    for (const path of ['/api/docs', '/api/openapi.json', '/api/internal/jobs/stats', '/api/jobs/stats', ...upstreamProbes, '/readyz', '/healthz']) {
      expect(await status('GET', path), `GET ${path}`).toBe(404);
    }
  });

  it('lists jobs as summaries: no inputs or results in a page', async () => {
    const page = (await (await fetch(url('/api/jobs?limit=100'))).json()) as { items: Array<Record<string, unknown>> };
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item).not.toHaveProperty('input');
      expect(item).not.toHaveProperty('result');
      expect(typeof item['input_preview']).toBe('string');
    }
  });
});
