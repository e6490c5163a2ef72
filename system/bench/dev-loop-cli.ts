/**
 * `npm run bench:dev-loop`: how long the dev loop takes, per stack, from saving a file to the
 * change being served through the gateway. Starts the dev system as `npm run dev` does (compose.yaml
 * + compose.dev.yaml + the generated build override, `up --build --watch`) under a project name of
 * its own on a free loopback port, waits until every service answers through the gateway, then per
 * service: edits one file (a response string; web's <title>), polls the gateway until the new text
 * is served, reverts the edit and polls until the old text is back. Both are timed. For web it also
 * holds Vite's HMR websocket open through the gateway and times the reload message it sends.
 * Prints a markdown table and writes it to dist/bench/dev-loop.md, and, when every edit was served,
 * to the dev-loop section of docs/benchmarks.md.
 *
 *   node system/bench/dev-loop-cli.ts [--worktree] [--timeout 180]
 *
 * --worktree runs on a throwaway `git worktree` of HEAD instead of this checkout, so the edits
 * never touch files someone is working on (the base-image mirror is this checkout's).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { runDocker } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { writeSection } from '@polystage/tools/bench/doc-sections';
import { freeLoopbackPort } from '@polystage/tools/builder/daemon';
import { prepareDevCompose } from '@polystage/tools/dev/dev-compose';

const repo = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { worktree: { type: 'boolean', default: false }, timeout: { type: 'string', default: '180' } } });
const timeoutMs = Number(values.timeout) * 1000;
const project = 'polystage-devbench';

async function text(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

// Ctrl-C or SIGTERM ends the wait in hand, so the edits are reverted and the system taken down.
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort(new Error(`stopped by ${signal}`)));

/** Polls until `check` is true; the seconds it took, or throws naming what never came. */
async function until(what: string, check: () => Promise<boolean>, limitMs = timeoutMs, everyMs = 100): Promise<number> {
  const start = performance.now();
  for (;;) {
    stop.signal.throwIfAborted();
    if (await check()) return (performance.now() - start) / 1000;
    if (performance.now() - start > limitMs) throw new Error(`${what}: not served within ${limitMs / 1000} s`);
    await pause(everyMs);
  }
}

interface Edit {
  service: string;
  file: string;
  from: string;
  /** `from` with the marker in it. */
  to: (marker: string) => string;
  describe: string;
  /** A path the gateway answers 200 on once this service is up (the bench waits for all before editing). */
  ready?: string;
  /** True when the gateway serves the text with this marker (or, for the revert, without any). */
  served: (base: string, marker: string | undefined) => Promise<boolean>;
}

let jobs = 0;
const ALL_EDITS: Edit[] = [
  {
    service: 'web',
    file: 'services/web/index.html',
    from: '<title>polystage jobs</title>',
    to: (m) => `<title>polystage jobs ${m}</title>`,
    describe: '`<title>` in index.html',
    ready: '/',
    served: async (base, m) => (await text(`${base}/`)).body.includes(m ? `<title>polystage jobs ${m}</title>` : '<title>polystage jobs</title>'),
  },
  {
    service: 'api',
    file: 'services/api/src/polystage_api/routes/jobs.py',
    from: 'raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(err)) from None',
    to: (m) => `raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(err) + " ${m}") from None`,
    describe: "GET /jobs/{id}'s 404 detail (routes/jobs.py)",
    ready: '/api/jobs',
    served: async (base, m) => {
      const { status, body } = await text(`${base}/api/jobs/devbench-missing`);
      return status === 404 && (m ? body.includes(m) : body.includes('does not exist"') || body.includes("does not exist'"));
    },
  },
  {
    service: 'worker',
    file: 'services/worker/src/jobs/text-stats.ts',
    from: 'return { characters, words, lines };',
    to: (m) => `return { characters, words, lines, ...{ devbench: '${m}' } };`,
    describe: "text-stats job result (a job created and run per poll)",
    served: async (base, m) => {
      jobs++;
      const created = await text(`${base}/api/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'text-stats', input: { text: `dev loop bench ${jobs}` } }),
      });
      if (created.status !== 201) return false;
      const { id } = JSON.parse(created.body) as { id: string };
      for (let i = 0; i < 100; i++) {
        const { body } = await text(`${base}/api/jobs/${id}`);
        const job = JSON.parse(body || '{}') as { status?: string; result?: Record<string, unknown> | null };
        if (job.status === 'succeeded') return m ? job.result?.['devbench'] === m : !job.result || !('devbench' in job.result);
        if (job.status === 'failed') return false;
        await pause(100);
      }
      return false;
    },
  },
  {
    service: 'reports',
    file: 'services/reports/src/main/java/dev/polystage/reports/summary/ReportQuery.java',
    from: 'unknown parameter (expected since, kind)"',
    to: (m) => `unknown parameter (expected since, kind) ${m}"`,
    describe: 'the 400 message of /reports/jobs/summary (ReportQuery.java)',
    ready: '/reports/jobs/summary',
    served: async (base, m) => {
      const { status, body } = await text(`${base}/reports/jobs/summary?devbench=1`);
      return status === 400 && (m ? body.includes(m) : body.includes('(expected since, kind)"'));
    },
  },
  {
    service: 'gateway',
    file: 'services/gateway/internal/proxy/proxy.go',
    from: 'writeError(w, http.StatusNotFound, "not found", "")',
    to: (m) => `writeError(w, http.StatusNotFound, "not found ${m}", "")`,
    describe: "the gateway's own 404 body (proxy.go)",
    served: async (base, m) => {
      const { status, body } = await text(`${base}/api/devbench`);
      return status === 404 && body.includes(m ? `not found ${m}` : '"not found"');
    },
  },
];

/** The edits of the services the repo has: a removed service's edit goes with it. */
const EDITS = ALL_EDITS.filter((edit) => existsSync(join(repo, 'services', edit.service, 'Dockerfile')));

/** Replaces `from` by `to` in the file; a revert swaps them back, so nobody else's edit is overwritten. */
function replaceIn(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const content = readFileSync(path, 'utf8');
  if (content.split(from).length !== 2) throw new Error(`${file}: expected exactly one "${from}"`);
  writeFileSync(path, content.replace(from, to));
}

/** Vite's HMR socket through the gateway: the token is in /@vite/client, as the browser gets it. */
async function hmrSocket(base: string): Promise<{ messages: string[]; socket: WebSocket; opened: number }> {
  const client = (await text(`${base}/@vite/client`)).body;
  const token = /const wsToken = "([^"]*)"/.exec(client)?.[1];
  if (token === undefined) throw new Error('no wsToken in /@vite/client: is web running Vite?');
  // A few tries: Vite may still be restarting after optimizing the dependencies the first page load found.
  for (let attempt = 1; ; attempt++) {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/?token=${encodeURIComponent(token)}`, ['vite-hmr']);
    const messages: string[] = [];
    socket.addEventListener('message', (event) => messages.push(String(event.data)));
    socket.addEventListener('close', () => messages.push('closed'));
    const opened = await new Promise<boolean>((done) => {
      socket.addEventListener('open', () => done(true));
      socket.addEventListener('error', () => done(false));
    });
    if (opened) return { messages, socket, opened: performance.now() };
    if (attempt === 5) throw new Error('the HMR websocket through the gateway did not open (5 tries)');
    console.error(`dev-loop bench: the HMR websocket did not open (try ${attempt}), again in 2 s`);
    await pause(2000);
  }
}

async function main(): Promise<void> {
  let root = repo;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (values.worktree) {
    root = mkdtempSync(join(tmpdir(), 'polystage-devbench-'));
    execFileSync('git', ['worktree', 'add', '--detach', root, 'HEAD'], { cwd: repo, stdio: 'ignore' });
    const mirror = (await resolveMirror(repo))?.mirror;
    if (mirror) env['BASE_IMAGE_MIRROR'] = mirror;
  }
  const port = await freeLoopbackPort();
  env['POLYSTAGE_BIND'] = '127.0.0.1';
  env['POLYSTAGE_PORT'] = String(port);
  const base = `http://127.0.0.1:${port}`;
  const dev = await prepareDevCompose(root, { projectName: project, env });
  mkdirSync(join(repo, 'dist', 'bench'), { recursive: true });
  const logFile = join(repo, 'dist', 'bench', 'dev-loop.log');
  const log = createWriteStream(logFile);
  console.error(`dev-loop bench: ${dev.describe}; ${base}; compose output in ${logFile}`);

  let up: ChildProcess | undefined;
  const rows: string[] = [];
  const applied: Array<{ edit: Edit; marker: string }> = [];
  try {
    const started = performance.now();
    up = spawn(dev.client, [...dev.composeArgs, 'up', '--build', '--watch'], { cwd: root, env: dev.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [up.stdout!, up.stderr!]) stream.on('data', (chunk: Buffer) => { log.write(chunk); output += chunk.toString(); });
    const exited = new Promise<never>((_, fail) => up!.on('exit', (code) => fail(new Error(`docker compose up exited (${code}) early; see ${logFile}`))));
    const ready = until('the dev system', async () => {
      const answers = await Promise.all(EDITS.flatMap((edit) => (edit.ready ? [text(`${base}${edit.ready}`)] : [])));
      return /Watch enabled/i.test(output) && answers.every((answer) => answer.status === 200);
    }, 900_000, 1000);
    await Promise.race([ready, exited]);
    const startup = (performance.now() - started) / 1000;
    console.error(`dev-loop bench: the system answers through the gateway ${startup.toFixed(0)} s after \`up --build --watch\``);
    await pause(3000); // let the first requests' work (Vite's dependency optimization, JIT) settle

    const hmr = await hmrSocket(base);
    let hmrRow = '';
    for (const edit of EDITS) {
      if (edit.service === 'gateway') {
        // Before the gateway restarts (which ends every connection): the socket must outlive the
        // gateway's prod web timeout (10 s) and read timeout (30 s) by far.
        await pause(Math.max(0, 40_000 - (performance.now() - hmr.opened)));
        const openFor = (performance.now() - hmr.opened) / 1000;
        const state = hmr.messages.includes('closed') ? 'closed' : 'still open';
        hmrRow = `| web | Vite's HMR websocket through the gateway: ${state} after ${openFor.toFixed(0)} s (edits of every service but the gateway meanwhile) | | |`;
      }
      const marker = `devbench-${Date.now().toString(36)}`;
      const seen = hmr.messages.length;
      replaceIn(root, edit.file, edit.from, edit.to(marker));
      applied.push({ edit, marker });
      // One service that never serves its edit is a row that says so, not the end of the run.
      const served = await until(`${edit.service}: ${edit.describe}`, () => edit.served(base, marker)).catch((error: unknown) => {
        stop.signal.throwIfAborted();
        console.error(`dev-loop bench: ${(error as Error).message}`);
        return Number.NaN;
      });
      let reload = '';
      if (edit.service === 'web') {
        const message = hmr.messages.slice(seen).find((m) => m.includes('full-reload') || m.includes('"update"'));
        reload = message ? `; HMR ${JSON.parse(message).type} message on the gateway's websocket` : '; no HMR message';
      }
      replaceIn(root, edit.file, edit.to(marker), edit.from);
      applied.pop();
      const reverted = await until(`${edit.service}: revert of ${edit.describe}`, () => edit.served(base, undefined)).catch((error: unknown) => {
        stop.signal.throwIfAborted();
        console.error(`dev-loop bench: ${(error as Error).message}`);
        return Number.NaN;
      });
      const seconds = (value: number) => (Number.isNaN(value) ? `not served in ${timeoutMs / 1000}` : value.toFixed(1));
      rows.push(`| ${edit.service} | ${edit.describe}${reload} | ${seconds(served)} | ${seconds(reverted)} |`);
      console.error(rows.at(-1));
    }
    hmr.socket.close();
    const table = [
      `Edit-to-served through the gateway (\`npm run bench:dev-loop${values.worktree ? ' -- --worktree' : ''}\`, the dev system as \`npm run dev\` starts it, ${new Date().toISOString().slice(0, 10)}; the system answered ${startup.toFixed(0)} s after \`up --build --watch\`):`,
      '',
      '| service | edit | save → served (s) | revert → served (s) |',
      '| --- | --- | --- | --- |',
      ...rows,
      hmrRow,
      '',
    ].join('\n');
    writeFileSync(join(repo, 'dist', 'bench', 'dev-loop.md'), table);
    console.log(table);
    // Only a run where every edit was served replaces the committed figures.
    if (!rows.some((row) => row.includes('not served'))) {
      writeSection(join(repo, 'docs', 'benchmarks.md'), 'dev-loop', `## Dev loop: edit to served\n\n${table}`);
    }
  } finally {
    for (const { edit, marker } of applied) replaceIn(root, edit.file, edit.to(marker), edit.from);
    if (up && up.exitCode === null) {
      const stopped = new Promise((done) => up!.on('exit', done));
      up.kill('SIGINT');
      await Promise.race([stopped, pause(60_000)]);
    }
    await runDocker(dev.client, [...dev.composeArgs, 'down', '--volumes', '--remove-orphans', '--timeout', '10'], { env: dev.env as Record<string, string>, cwd: root, timeoutMs: 120_000 });
    log.end();
    if (values.worktree) execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: repo, stdio: 'ignore' });
  }
}

main().catch((error: unknown) => {
  console.error(`dev-loop bench: ${(error as Error).message}`);
  process.exitCode = 1;
});
