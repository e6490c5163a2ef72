import { execa } from 'execa';
import type { Revision } from '@polystage/docker';

/** Read when the task runs (never at graph time), so tags always name the commit being built. */
export async function readRevision(cwd: string): Promise<Revision | undefined> {
  const log = await execa('git', ['log', '-1', '--format=%H%n%h%n%cI'], { cwd, reject: false, stdin: 'ignore' });
  if (log.exitCode !== 0) return undefined;
  const [sha, shortSha, committedAt] = String(log.stdout).trim().split('\n');
  if (!sha || !shortSha || !committedAt) return undefined;
  const remote = await execa('git', ['remote', 'get-url', 'origin'], { cwd, reject: false, stdin: 'ignore' });
  const source = remote.exitCode === 0 ? withoutCredentials(String(remote.stdout).trim()) : undefined;
  return { sha, shortSha, committedAt, ...(source ? { source } : {}) };
}

/** A remote URL may carry a token (`https://user:token@host/...`); a label is public. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]+@/, '$1');
}
