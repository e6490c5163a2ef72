/**
 * Long-running helpers setup starts (the BuildKit daemon, the local registry): detached so they
 * outlive the npm script, with a pid file so they can be found, checked and stopped by pid.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DaemonSpec {
  /** For messages: `buildkitd`, `registry`. */
  name: string;
  binary: string;
  args: readonly string[];
  logFile: string;
  pidFile: string;
}

/** Starts the daemon detached (its output to its log) and records its pid. */
export function startDaemon(spec: DaemonSpec): number {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(dirname(spec.pidFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  try {
    // node's own spawn, not execa: nothing may wait on a daemon, and it must outlive this process.
    const child = spawn(spec.binary, spec.args, { detached: true, stdio: ['ignore', out, out] });
    child.unref();
    if (child.pid === undefined) throw new Error(`${spec.name} (${spec.binary}) did not start; see ${spec.logFile}.`);
    writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** The pid in the pid file when that process is still alive. */
export function runningPid(pidFile: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * Stops the daemon by its recorded pid: SIGTERM, and SIGKILL when it has not exited within
 * `boundMs` (a buildkitd stuck in an export never returns to its signal handler; stop must stop).
 */
export async function stopDaemon(pidFile: string, boundMs = 30_000, log: (line: string) => void = console.error): Promise<void> {
  const pid = runningPid(pidFile);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const exited = async () => runningPid(pidFile) === undefined;
    try {
      await waitUntil(exited, { what: `process ${pid} to exit`, boundMs });
    } catch {
      log(`process ${pid} (${pidFile}) did not exit within ${boundMs / 1000} s of SIGTERM: killing it.`);
      process.kill(pid, 'SIGKILL');
      await waitUntil(exited, { what: `process ${pid} to exit after SIGKILL`, boundMs: 10_000 });
    }
  }
  rmSync(pidFile, { force: true });
}

/**
 * Polls `ready` until it answers true. The bound only turns a hang into an error that points at
 * the log; a loaded machine is slow, not broken.
 */
export async function waitUntil(ready: () => Promise<boolean>, options: { what: string; boundMs: number; logFile?: string; alive?: () => boolean }): Promise<void> {
  const deadline = Date.now() + options.boundMs;
  for (;;) {
    if (await ready()) return;
    const where = options.logFile ? `; see ${options.logFile}` : '';
    if (options.alive && !options.alive()) throw new Error(`Gave up waiting for ${options.what}: the process exited${where}.`);
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${options.what} after ${options.boundMs / 1000} s${where}.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A loopback port nothing listens on right now, for a daemon a test or a benchmark starts. */
export async function freeLoopbackPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
