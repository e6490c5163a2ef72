/**
 * The CLI against this repository's real package-lock.json, with npm itself as the judge: for
 * every workspace, npm must accept the pruned install root (`npm ls` finds nothing missing or
 * invalid) and, asked to re-lock it offline, must write back the very same bytes. Needs npm on
 * PATH, no network.
 */
import { cp, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { formatLockfile } from './format.ts';
import type { Lockfile } from './prune.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(import.meta.dirname, 'cli.ts');
const tempDir = tempDirs('lockfile-prune-');

const rootLockText = await readFile(join(ROOT, 'package-lock.json'), 'utf8');
const rootLock = JSON.parse(rootLockText) as Lockfile;
const workspaces = Object.keys(rootLock.packages).filter((path) => path !== '' && !path.includes('node_modules'));
// Re-lock with the same choice the root lock was written with, or npm would add or drop `resolved`.
const registryResolved = Object.values(rootLock.packages).some((entry) => entry.resolved?.startsWith('http'));

const prune = (...args: string[]) => execa(process.execPath, [CLI, ...args], { cwd: ROOT, reject: false });

describe('lockfile-prune CLI', () => {
  it('formats the root lock byte for byte as npm wrote it', () => {
    expect(formatLockfile(rootLock)).toBe(rootLockText);
  });

  it.each(workspaces)('prunes %s to an install root npm accepts and re-locks identically', async (workspace) => {
    const out = await tempDir();
    const result = await prune(workspace, '--out', out);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^lockfile-prune: ${workspace} needs \\d+ lock entries`));
    expect(await readFile(join(out, workspace, 'package.json'), 'utf8')).toBe(await readFile(join(ROOT, workspace, 'package.json'), 'utf8'));

    const ls = await execa('npm', ['ls', '--package-lock-only', '--all'], { cwd: out, reject: false });
    expect(ls.exitCode, ls.stderr).toBe(0);

    const relocked = await tempDir();
    await cp(out, relocked, { recursive: true });
    const install = await execa(
      'npm',
      ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', `--omit-lockfile-registry-resolved=${!registryResolved}`],
      { cwd: relocked, reject: false },
    );
    expect(install.exitCode, install.stderr).toBe(0);
    expect(await readFile(join(relocked, 'package-lock.json'), 'utf8')).toBe(await readFile(join(out, 'package-lock.json'), 'utf8'));
    // Two npm runs per workspace: seconds on an idle machine, many times that with the cores shared
    // by other builds. The bound only stops a hung npm (the config's default is 15 min).
  }, 300_000);

  it('exits 1 naming the workspaces when the folder is not one', async () => {
    const out = await tempDir();
    const result = await prune('services/nope', '--out', out);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('lockfile-prune: "services/nope" is not a workspace in package-lock.json (workspaces there: ');
    expect(await readdir(out)).toEqual([]);
  });

  it('exits 1 when the lockfile is missing', async () => {
    const result = await prune('services/worker', '--root', await tempDir());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('No package-lock.json in');
  });

  it('exits 2 with usage on bad arguments', async () => {
    for (const args of [[], ['a', 'b'], ['services/worker', '--bogus']]) {
      const result = await prune(...args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('usage: node tools/src/lockfile-prune/cli.ts <workspace>');
    }
  });
});
