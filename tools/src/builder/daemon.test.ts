import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningPid, stopDaemon } from './daemon.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A process with a pid file, like a daemon setup starts; `ignoreTerm` makes it deaf to SIGTERM. */
async function daemon(ignoreTerm: boolean): Promise<{ pidFile: string; pid: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'daemon-test-'));
  dirs.push(dir);
  const script = ignoreTerm ? 'trap "" TERM; echo ready; while :; do sleep 1; done' : 'echo ready; while :; do sleep 1; done';
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  // Wait until the trap is set: a SIGTERM before it would end the shell and prove nothing.
  await new Promise((resolve) => child.stdout!.once('data', resolve));
  const pidFile = join(dir, 'daemon.pid');
  writeFileSync(pidFile, String(child.pid));
  return { pidFile, pid: child.pid! };
}

describe('stopDaemon', () => {
  it('stops a daemon that exits on SIGTERM and removes its pid file', async () => {
    const { pidFile } = await daemon(false);
    const lines: string[] = [];
    await stopDaemon(pidFile, 10_000, (line) => lines.push(line));
    expect(runningPid(pidFile)).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
    expect(lines).toEqual([]);
  });

  // Mutation guarded: giving up after SIGTERM (buildkitd stuck in an export stayed up, and the next setup found it).
  it('kills one that ignores SIGTERM once the bound has passed, saying so', async () => {
    const { pidFile, pid } = await daemon(true);
    const lines: string[] = [];
    await stopDaemon(pidFile, 500, (line) => lines.push(line));
    expect(runningPid(pidFile)).toBeUndefined();
    expect(lines).toEqual([`process ${pid} (${pidFile}) did not exit within 0.5 s of SIGTERM: killing it.`]);
  });
});
