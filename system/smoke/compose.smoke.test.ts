/**
 * compose.yaml run for real: `docker compose up --no-build --wait` of the images Nx built (the
 * `<service>:prod` tags the smoke tests checked), then the system must answer through the
 * gateway's published port: the dashboard, a job the worker finishes, and what each service that
 * reads the api makes of it (its smoke/system-checks.ts: the reports summary).
 * A project name of its own and a free host port keep it clear of a compose run of the user's.
 */
import { resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { connectEngine, firstErrorLine, runDocker } from '@polystage/docker';
import { freeLoopbackPort } from '@polystage/tools/builder/daemon';
import { ensureWorkerToken } from '@polystage/tools/compose/worker-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSystemChecks } from '../src/service-checks.ts';

const root = resolve(import.meta.dirname, '../..');
const project = `polystage-smoke-${process.pid}`;
const serviceChecks = await loadSystemChecks(root);
let client: string;
let env: Record<string, string>;
let base: string;

const compose = (args: string[], timeoutMs = 60_000) =>
  runDocker(client, ['compose', '--project-name', project, '--file', resolve(root, 'compose.yaml'), ...args], { env, timeoutMs, cwd: root });

beforeAll(async () => {
  client = (await connectEngine()).client;
  await ensureWorkerToken(root); // what setup generated; created here when a run skipped setup
  const port = await freeLoopbackPort();
  env = { ...(process.env as Record<string, string>), POLYSTAGE_BIND: '127.0.0.1', POLYSTAGE_PORT: String(port) };
  base = `http://127.0.0.1:${port}`;
  // --wait returns once every service with a health check is healthy: the gateway's is /readyz,
  // which needs every upstream to answer. Bounded for a loaded 2-core machine (the JVM).
  const up = await compose(['up', '--no-build', '--wait', '--wait-timeout', '240', '--quiet-pull'], 300_000);
  if (up.exitCode !== 0) {
    const logs = await compose(['logs', '--no-color', '--tail', '30']);
    throw new Error(`docker compose up failed: ${firstErrorLine(up)}\n${up.stderr}\n${logs.stdout}`);
  }
}, 330_000);

afterAll(async () => {
  const down = await compose(['down', '--volumes', '--remove-orphans', '--timeout', '10'], 120_000);
  expect(down.exitCode, down.stderr).toBe(0);
}, 130_000);

describe('docker compose up of compose.yaml', () => {
  it('serves the dashboard through the gateway on loopback', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });

  it('runs a job end to end: the worker, holding the token compose mounts, finishes it', async () => {
    const created = await fetch(`${base}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'text-stats', input: { text: 'compose runs for real' } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Until the job leaves the queue (the worker polls every second); the test's timeout bounds it.
    let job: { status: string; result: Record<string, number> | null };
    for (;;) {
      job = (await (await fetch(`${base}/api/jobs/${id}`)).json()) as typeof job;
      if (job.status !== 'pending' && job.status !== 'leased') break;
      await pause(250);
    }
    expect(job).toMatchObject({ status: 'succeeded', result: { words: 4 } });
  }, 120_000);

  // After the one job above.
  for (const { service, checks } of serviceChecks) {
    it(`${service} makes what it should of the finished job (services/${service}/smoke/system-checks.ts)`, () => checks.afterJobs(base, 1), 60_000);
  }

  it('keeps the worker protocol out of reach', async () => {
    const lease = await fetch(`${base}/api/internal/jobs/lease`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect([404, 405]).toContain(lease.status);
  });
});
