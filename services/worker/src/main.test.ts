// The real entry point as a child process: startup line, a job end to end, SIGTERM, exit codes.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, FAKE_TOKEN, FakeApi } from './testing/fake-api.ts';

const MAIN = join(import.meta.dirname, 'main.ts');
const HEALTHCHECK = join(import.meta.dirname, 'healthcheck.ts');

// Every wait here is on an event (a log line, a result, an exit), never on time. These bounds only
// turn a hang into a failure: a child Node process can take seconds to start when the cores are
// shared with other builds, so they are generous.
const WAIT_MS = 60_000;
const TEST_MS = 120_000;
// The worker's own bounds, set far beyond any test so that none of them ends a wait here.
const NO_WORKER_TIMEOUTS = { WORKER_REQUEST_TIMEOUT_MS: '600000', WORKER_SHUTDOWN_TIMEOUT_MS: '600000' };

interface Run {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exit: Promise<number | null>;
}

function run(script: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env['PATH'], ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Run['lines'] = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  // 'close', not 'exit': stdout may still hold the last lines when 'exit' fires.
  const exit = once(child, 'close').then(([code]) => code as number | null);
  return { child, lines, exit };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let api: FakeApi;
let running: Run | undefined;

beforeEach(async () => {
  api = await new FakeApi().start();
});
afterEach(async () => {
  running?.child.kill('SIGKILL');
  running = undefined;
  await api.stop();
});

describe('worker process', () => {
  it('starts, runs a job, answers /healthz and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    api.add({ id: 'j1', kind: 'text-stats', input: { text: 'end to end' } });
    running = run(MAIN, {
      ...NO_WORKER_TIMEOUTS,
      WORKER_API_URL: api.url,
      WORKER_API_TOKEN: FAKE_TOKEN,
      WORKER_PORT: String(port),
      WORKER_ID: 'proc-1',
      WORKER_POLL_INTERVAL_MS: '50',
    });
    const start = await eventually(() => running!.lines.find((l) => l['msg'] === 'worker starting'), WAIT_MS, 'the startup line');
    expect(start).toMatchObject({ level: 'info', worker_id: 'proc-1', api_url: api.url, port, job_kinds: ['text-stats'] });
    expect(Date.parse(start['ts'] as string)).not.toBeNaN();

    await eventually(() => api.results.length === 1, WAIT_MS, 'the result');
    expect(api.results[0]!.body).toMatchObject({ status: 'succeeded', result: { characters: 10, words: 3, lines: 1 } });
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', worker_id: 'proc-1', api: 'reachable' });
    const probe = run(HEALTHCHECK, { WORKER_PORT: String(port) });
    expect(await probe.exit).toBe(0);

    running.child.kill('SIGTERM');
    expect(await running.exit).toBe(0);
    expect(running.lines.at(-1)).toMatchObject({ msg: 'stopped', result: 'finished', worker_jobs_done_total: 1 });
    expect(running.lines.some((l) => l['msg'] === 'shutting down' && l['signal'] === 'SIGTERM')).toBe(true);
  }, TEST_MS);

  it('on SIGTERM finishes reporting the job in hand, then exits 0', async () => {
    // The result's answer is held until the worker has taken the signal: the job is in hand
    // when SIGTERM arrives, however slow the machine (a fixed delay could run out first).
    let signalTaken!: () => void;
    const answer = new Promise<void>((resolve) => (signalTaken = resolve));
    api.resultOverride = () => ({ status: 200, body: {}, until: answer });
    api.add({ id: 'slow', kind: 'text-stats', input: { text: 'slow result' } });
    // The token from a mounted file this time, as a secret would be.
    const secrets = await mkdtemp(join(tmpdir(), 'worker-token-'));
    const tokenFile = join(secrets, 'worker-token');
    await writeFile(tokenFile, `# the api's API_WORKER_TOKEN\n${FAKE_TOKEN}\n`);
    running = run(MAIN, { ...NO_WORKER_TIMEOUTS, WORKER_API_URL: api.url, WORKER_API_TOKEN_FILE: tokenFile, WORKER_PORT: String(await freePort()) });
    await eventually(() => running!.lines.find((l) => l['msg'] === 'job leased'), WAIT_MS, 'the lease');
    await rm(secrets, { recursive: true });
    expect(api.authorizations.every((header) => header === `Bearer ${FAKE_TOKEN}`)).toBe(true);
    running.child.kill('SIGTERM');
    const shutdown = await eventually(() => running!.lines.find((l) => l['msg'] === 'shutting down'), WAIT_MS, 'the shutdown line');
    expect(shutdown).toMatchObject({ signal: 'SIGTERM', jobs_in_flight: 1 });
    signalTaken();
    expect(await running.exit).toBe(0);
    expect(running.lines.at(-1)).toMatchObject({ msg: 'stopped', result: 'finished', worker_jobs_done_total: 1 });
  }, TEST_MS);

  it('exits 2 with one line listing every configuration problem', async () => {
    running = run(MAIN, { WORKER_PORT: 'eighty', WORKER_LOG_LEVEL: 'chatty' });
    expect(await running.exit).toBe(2);
    expect(running.lines).toHaveLength(1);
    expect(running.lines[0]).toMatchObject({ level: 'error', msg: 'invalid configuration' });
    expect(running.lines[0]!['problems']).toEqual([
      'WORKER_API_URL is required, e.g. http://api:8000',
      "WORKER_API_TOKEN or WORKER_API_TOKEN_FILE is required: the api's worker token (API_WORKER_TOKEN), e.g. made by `openssl rand -hex 32`",
      'WORKER_PORT must be an integer between 1 and 65535, got "eighty"',
      'WORKER_LOG_LEVEL must be one of debug, info, warn, error, got "chatty"',
    ]);
  }, TEST_MS);

  it('has a health probe that fails when nothing answers', async () => {
    const probe = run(HEALTHCHECK, { WORKER_PORT: String(await freePort()) });
    expect(await probe.exit).toBe(1);
  }, TEST_MS);
});
