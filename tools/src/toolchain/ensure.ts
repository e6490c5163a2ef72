import { join } from 'node:path';
import { installBuildxPlugin } from './buildx-plugin.ts';
import { GO_TOOLS, type GoToolName } from './catalog.ts';
import { ensureGoTool } from './go-build.ts';

export type BinaryName<N extends GoToolName> = (typeof GO_TOOLS)[N]['binaries'][number]['binary'];

/**
 * Builds what is missing or stale (cached builds cost nothing), installs the buildx plugin for the
 * docker CLI, and returns each binary's path in the cache by its name (docker-buildx, buildkitd, …).
 */
export async function ensureGoTools<N extends GoToolName>(names: readonly N[], log: (line: string) => void = console.error): Promise<Record<BinaryName<N>, string>> {
  const paths: Record<string, string> = {};
  for (const name of names) {
    const tool = GO_TOOLS[name];
    const dir = await ensureGoTool(tool, { log });
    for (const { binary } of tool.binaries) paths[binary] = join(dir, binary);
    if (name === 'buildx') await installBuildxPlugin(join(dir, 'docker-buildx'), tool.version, { log });
  }
  return paths as Record<BinaryName<N>, string>;
}
