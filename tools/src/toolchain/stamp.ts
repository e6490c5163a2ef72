import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVersion, type GoTool } from './catalog.ts';

/** Written last into a tool's cache folder: its presence says the build finished, its fields what was built. */
export const STAMP_FILE = 'stamp.json';

export interface Stamp {
  module: string;
  version: string;
  ldflags: string;
  env: Record<string, string>;
  /** Absent in stamps written before the catalog had tags: the same as none. */
  tags?: string[];
  binaries: string[];
  /** The catalog's pinned Go release, when it has one (absent: the machine's Go). */
  goToolchain?: string;
  /** `go env GOVERSION` of the build; informational: a newer Go alone is no reason to rebuild. */
  go: string;
  builtAt: string;
}

export function makeStamp(tool: GoTool, go: string, now = new Date()): Stamp {
  return {
    module: tool.module,
    version: tool.version,
    ldflags: withVersion(tool, tool.ldflags),
    env: { ...tool.env },
    tags: [...(tool.tags ?? [])],
    binaries: tool.binaries.map((entry) => entry.binary),
    goToolchain: tool.goToolchain,
    go,
    builtAt: now.toISOString(),
  };
}

export function readStamp(dir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/**
 * Why the cached build of `tool` in `dir` cannot be used, or undefined when it can. Only what the
 * catalog pins counts (a pinned goToolchain included); the machine's Go version and build time do not.
 */
export function rebuildReason(tool: GoTool, stamp: Stamp | undefined, dir: string): string | undefined {
  if (!stamp) return 'not built yet';
  const want = makeStamp(tool, stamp.go);
  const had = { ...stamp, tags: stamp.tags ?? [] };
  for (const field of ['module', 'version', 'ldflags', 'env', 'tags', 'binaries', 'goToolchain'] as const) {
    if (JSON.stringify(had[field]) !== JSON.stringify(want[field])) return `the catalog's ${field} changed`;
  }
  const gone = want.binaries.filter((binary) => !existsSync(join(dir, binary)));
  if (gone.length > 0) return `${gone.join(', ')} missing from the cache`;
  return undefined;
}
