/**
 * The BuildKit daemon setup runs (a pinned buildkitd, built from the Go module proxy) and the buildx
 * builder `polystage` on it (buildx's `remote` driver). Unlike the engine's own BuildKit it exports
 * layer caches, provenance and SBOMs; it pulls bases from registries, so offline stand-ins reach it
 * through a loopback registry that mirrors `polystage.local`.
 */
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningPid, startDaemon, stopDaemon, waitUntil } from './daemon.ts';

export interface BuildkitdOptions {
  buildkitd: string;
  buildctl: string;
  /** State (`root/`), config, pid file, log and socket go here. */
  dir: string;
  /** Registry host prefixes served from a loopback mirror: `{ 'polystage.local': '127.0.0.1:5123' }`. */
  mirrors: Record<string, string>;
  /**
   * Platforms the run builds besides the host's (BUILD_PLATFORMS). buildkitd lists the platforms
   * it can emulate when it starts; naming them in its config restarts one started before
   * `npm run setup` registered qemu, and pins what the worker offers.
   */
  platforms?: readonly string[];
}

export interface RunningBuildkitd {
  /** `unix:///…/buildkitd.sock`: the endpoint a buildx `remote` builder points at. */
  endpoint: string;
  pid: number;
  /** `started`, `restarted` (its config changed), or `running` (nothing to do). */
  action: 'started' | 'restarted' | 'running';
}

/** buildkitd's cache limits: never pruned below reservedSpace; pruned when the cache passes maxUsedSpace or the disk has less than minFreeSpace free. */
export const BUILDKIT_GC = { reservedSpace: '10GB', maxUsedSpace: '60GB', minFreeSpace: '5GB' } as const;

/** buildkitd.toml: each mirrored prefix pulls from its loopback registry, which speaks plain HTTP. */
export function buildkitdConfig(mirrors: Record<string, string>, platforms: readonly string[] = []): string {
  const lines: string[] = ['[worker.oci]'];
  // BuildKit's default keeps 20% of the disk free, and prunes its cache down to 10 GB whenever
  // less is free: on a machine with a big, busy disk that is always, and a warm build of two
  // platforms (or a publish, which rebuilds from the cache) redid emulated steps it had just
  // run. Prune when the disk is really short or the cache passes a cap; naming one limit drops
  // BuildKit's defaults for the others, so all three are named.
  for (const [key, value] of Object.entries(BUILDKIT_GC)) lines.push(`  ${key} = "${value}"`);
  if (platforms.length > 1) lines.push(`  platforms = [${platforms.map((p) => `"${p}"`).join(', ')}]`);
  lines.push('');
  for (const [prefix, mirror] of Object.entries(mirrors)) {
    lines.push(`[registry."${prefix}"]`, `  mirrors = ["${mirror}"]`, '');
  }
  for (const mirror of new Set(Object.values(mirrors))) {
    lines.push(`[registry."${mirror}"]`, '  http = true', '');
  }
  return lines.join('\n');
}

export function buildkitdEndpoint(dir: string): string {
  return `unix://${join(dir, 'buildkitd.sock')}`;
}

/** Starts buildkitd unless the one recorded in `dir` runs with this config and answers. */
export async function ensureBuildkitd(options: BuildkitdOptions): Promise<RunningBuildkitd> {
  mkdirSync(join(options.dir, 'root'), { recursive: true });
  const configFile = join(options.dir, 'buildkitd.toml');
  const pidFile = join(options.dir, 'buildkitd.pid');
  const logFile = join(options.dir, 'buildkitd.log');
  const endpoint = buildkitdEndpoint(options.dir);
  const config = buildkitdConfig(options.mirrors, options.platforms);
  const answers = async () => (await execa(options.buildctl, ['--addr', endpoint, 'debug', 'workers'], { reject: false, timeout: 10_000 })).exitCode === 0;

  const pid = runningPid(pidFile);
  const sameConfig = readText(configFile) === config;
  if (pid !== undefined && sameConfig && (await answers())) return { endpoint, pid, action: 'running' };
  if (pid !== undefined) await stopDaemon(pidFile);
  writeFileSync(configFile, config);
  const started = startDaemon({
    name: 'buildkitd',
    binary: options.buildkitd,
    args: ['--addr', endpoint, '--root', join(options.dir, 'root'), '--config', configFile],
    logFile,
    pidFile,
  });
  await waitUntil(answers, { what: `buildkitd at ${endpoint}`, boundMs: 60_000, logFile, alive: () => runningPid(pidFile) !== undefined });
  return { endpoint, pid: started, action: pid === undefined ? 'started' : 'restarted' };
}

export async function stopBuildkitd(dir: string): Promise<void> {
  await stopDaemon(join(dir, 'buildkitd.pid'));
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
