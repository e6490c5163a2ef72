/**
 * The whole system, wired as in production, driven as a user would: the five prod images on
 * one network with the gateway in front; Chromium opens the dashboard through the gateway and
 * submits a job; the worker leases it from the api, runs it and posts the result; the
 * dashboard shows the result; the reports service counts it. Nothing here stands in for a
 * service: every image is the one `nx run <service>:docker-prod` built, by the ID its build
 * record names.
 */
import { performance } from 'node:perf_hooks';
import {
  collectPageErrors,
  expectHealthy,
  launchChromium,
  prodImage,
  saveScreenshot,
  startSidecars,
  type LaunchedChromium,
  type RunningService,
  type StartedSidecars,
} from '@polystage/smoke';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface JobSummary {
  jobs_read: number;
  overall: { total: number; by_status: Record<string, number> };
  by_kind: Record<string, { total: number; by_status: Record<string, number>; run_seconds: { count: number } | null }>;
}

const started = performance.now();
let sidecars: StartedSidecars | undefined;
let gateway: RunningService | undefined;
let browser: LaunchedChromium | undefined;

beforeAll(async () => {
  // In dependency order, each healthy before the next starts, as compose.yaml orders them.
  sidecars = await startSidecars([
    { alias: 'api', image: prodImage('api'), port: 8000, healthPath: '/healthz' },
    {
      alias: 'worker',
      image: prodImage('worker'),
      port: 8080,
      healthPath: '/healthz',
      // A short idle poll keeps the flow quick; the default (1 s) is for production.
      // Request timeout: on a loaded machine a slow answer must not turn into an abandoned job.
      env: { WORKER_API_URL: 'http://api:8000', WORKER_POLL_INTERVAL_MS: '200', WORKER_REQUEST_TIMEOUT_MS: '60000' },
    },
    // Generous api timeout and deadline: this test is about the flow, not about reports' timeouts
    // (its own smoke and unit tests cover those); the gateway's reports timeout stays above them.
    {
      alias: 'reports',
      image: prodImage('reports'),
      port: 8080,
      healthPath: '/healthz',
      startupBudgetMs: 120_000,
      env: { REPORTS_API_URL: 'http://api:8000', REPORTS_API_TIMEOUT: '60s', REPORTS_DEADLINE: '80s' },
    },
    { alias: 'web', image: prodImage('web'), port: 8080, healthPath: '/healthz' },
  ]);
  // Ready only when it reaches api, reports and web through the network.
  gateway = await expectHealthy({
    image: prodImage('gateway'),
    port: 8080,
    healthPath: '/readyz',
    // Bounds for a loaded 2-core machine, not performance targets (startup is measured in docs/benchmarks.md).
    startupBudgetMs: 60_000,
    network: sidecars.network,
    networkAliases: ['gateway'],
    env: {
      GATEWAY_API_URL: 'http://api:8000',
      GATEWAY_REPORTS_URL: 'http://reports:8080',
      GATEWAY_WEB_URL: 'http://web:8080',
      GATEWAY_READY_TIMEOUT: '30s',
      GATEWAY_REPORTS_TIMEOUT: '90s',
    },
  });
  console.info(`[system] five services healthy behind the gateway after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  browser = await launchChromium({ secureOrigins: [gateway.baseUrl] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.remove();
  await sidecars?.remove();
  console.info(`[system] full flow wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}, 60_000);

const url = (path: string): string => new URL(path, gateway!.baseUrl).toString();

describe('system: browser -> gateway -> web + api -> worker, reports reading api', () => {
  it('a job submitted in the dashboard is processed by the worker, shown with its result, and counted by reports', async () => {
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

    // Reports reads the api through the network and counts the finished job, with its run time.
    const response = await fetch(url('/reports/jobs/summary?kind=text-stats'));
    expect(response.status).toBe(200);
    const summary = (await response.json()) as JobSummary;
    expect(summary.overall.by_status['succeeded']).toBe(1);
    expect(summary.by_kind['text-stats']).toMatchObject({ total: 1, by_status: { succeeded: 1 } });
    expect(summary.by_kind['text-stats']!.run_seconds?.count).toBe(1);

    // No CSP violation, script error or failed request on the way.
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
