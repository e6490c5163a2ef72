import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaRun, type Run } from './run.ts';

/**
 * The docker CLI's system plugin folders. It looks in the user's folder before these, so a
 * docker-buildx there (e.g. Debian's docker-buildx package) is shadowed by ours, not removed.
 */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
] as const;

/** Where the docker CLI finds the user's plugins. */
export function userPluginPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['DOCKER_CONFIG'] || join(homedir(), '.docker'), 'cli-plugins', 'docker-buildx');
}

export interface PluginOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  run?: Run;
  systemDirs?: readonly string[];
}

/**
 * Copies the pinned buildx to the user's plugin folder, where the docker CLI looks first. Nothing
 * happens when the same file is there; another buildx there is replaced, and the log says which.
 */
export async function installBuildxPlugin(source: string, version: string, options: PluginOptions = {}): Promise<string> {
  const { env = process.env, log = console.error, run = execaRun, systemDirs = SYSTEM_PLUGIN_DIRS } = options;
  const target = userPluginPath(env);
  if (await sameFile(source, target)) return target;
  const replaced = existsSync(target) ? await buildxVersion(target, run) : undefined;
  await mkdir(dirname(target), { recursive: true });
  // A dot name the CLI does not take for a plugin; the rename swaps the file in whole.
  const temp = join(dirname(target), `.docker-buildx.${process.pid}.tmp`);
  try {
    await copyFile(source, temp);
    await chmod(temp, 0o755);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  const shadowed = [];
  for (const dir of systemDirs) {
    const other = join(dir, 'docker-buildx');
    if (existsSync(other)) shadowed.push(`${other} (${await buildxVersion(other, run)})`);
  }
  const what = replaced ? `replaced ${target} (${replaced}) with the pinned ${version}` : `installed the pinned ${version} at ${target}`;
  log(`docker-buildx: ${what}${shadowed.length ? `; the docker CLI uses it ahead of ${shadowed.join(', ')}` : ''}`);
  return target;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    if (sa.size !== sb.size || (sb.mode & 0o111) === 0) return false;
    return (await readFile(a)).equals(await readFile(b));
  } catch {
    return false;
  }
}

/** "buildx v0.31.1", or what is known when it does not answer; a plugin binary runs on its own too. */
export async function buildxVersion(path: string, run: Run): Promise<string> {
  const result = await run(path, ['version']);
  // Debian's package prints "0.13.1+ds1-3", without the v.
  const version = /\bv?\d+\.\d+\.\d+\S*/.exec(result.stdout)?.[0];
  return version ? `buildx ${version}` : 'a buildx of unknown version';
}
