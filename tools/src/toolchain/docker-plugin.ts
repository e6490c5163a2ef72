import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { dockerPluginCommand } from './catalog.ts';
import { execaRun, type Run } from './run.ts';

/**
 * The docker CLI's system plugin folders. It looks in the user's folder before these, so a
 * plugin there (e.g. Debian's docker-buildx package) is shadowed by ours, not removed.
 */
export const SYSTEM_PLUGIN_DIRS = [
  '/usr/local/lib/docker/cli-plugins',
  '/usr/local/libexec/docker/cli-plugins',
  '/usr/lib/docker/cli-plugins',
  '/usr/libexec/docker/cli-plugins',
] as const;

/** Where the docker CLI finds the user's plugin `binary` (docker-buildx, docker-compose). */
export function userPluginPath(binary: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env['DOCKER_CONFIG'] || join(homedir(), '.docker'), 'cli-plugins', binary);
}

export interface PluginOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  run?: Run;
  systemDirs?: readonly string[];
}

/**
 * Copies a pinned plugin binary (`source`, named docker-<command>) to the user's plugin folder,
 * where the docker CLI looks first. Nothing happens when the same file is there; another one there
 * is replaced, and the log says which, and which system plugins of that name it now shadows.
 */
export async function installDockerPlugin(source: string, version: string, options: PluginOptions = {}): Promise<string> {
  const { env = process.env, log = console.error, run = execaRun, systemDirs = SYSTEM_PLUGIN_DIRS } = options;
  const binary = basename(source);
  const command = dockerPluginCommand(binary);
  if (!command) throw new Error(`${source} is not a docker CLI plugin: the CLI only runs binaries named docker-<command> from cli-plugins.`);
  const target = userPluginPath(binary, env);
  if (await sameFile(source, target)) return target;
  const replaced = existsSync(target) ? await pluginVersion(command, target, run) : undefined;
  await mkdir(dirname(target), { recursive: true });
  // A dot name the CLI does not take for a plugin; the rename swaps the file in whole.
  const temp = join(dirname(target), `.${binary}.${process.pid}.tmp`);
  try {
    await copyFile(source, temp);
    await chmod(temp, 0o755);
    await rename(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
  const shadowed = [];
  for (const dir of systemDirs) {
    const other = join(dir, binary);
    if (existsSync(other)) shadowed.push(`${other} (${await pluginVersion(command, other, run)})`);
  }
  const what = replaced ? `replaced ${target} (${replaced}) with the pinned ${version}` : `installed the pinned ${version} at ${target}`;
  log(`${binary}: ${what}${shadowed.length ? `; the docker CLI uses it ahead of ${shadowed.join(', ')}` : ''}`);
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

/**
 * "buildx v0.31.1", "compose v2.20.2", or what is known when it does not answer; a plugin binary
 * runs on its own too, and both answer `version`.
 */
export async function pluginVersion(command: string, path: string, run: Run): Promise<string> {
  const result = await run(path, ['version']);
  // Debian's buildx package prints "0.13.1+ds1-3", without the v.
  const version = /\bv?\d+\.\d+\.\d+\S*/.exec(result.stdout)?.[0];
  return version ? `${command} ${version}` : `a ${command} of unknown version`;
}
