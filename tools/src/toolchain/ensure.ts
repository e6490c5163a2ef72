import { join } from 'node:path';
import { linkToolBinaries, toolchainBinDir } from './binaries.ts';
import { dockerPluginCommand, GO_TOOLS, type GoToolName } from './catalog.ts';
import { installDockerPlugin } from './docker-plugin.ts';
import { ensureGoTool, type GoBuildOptions } from './go-build.ts';

export type BinaryName<N extends GoToolName> = (typeof GO_TOOLS)[N]['binaries'][number]['binary'];

/**
 * Builds what is missing or stale (cached builds cost nothing), installs the docker CLI plugins
 * among the binaries (docker-buildx, docker-compose) for the user, links each binary into toolchainBinDir(), and returns each binary's path in the cache
 * by its name (docker-buildx, buildkitd, …).
 */
export async function ensureGoTools<N extends GoToolName>(
  names: readonly N[],
  log: (line: string) => void = console.error,
  options: Pick<GoBuildOptions, 'run' | 'env'> = {},
): Promise<Record<BinaryName<N>, string>> {
  const { env = process.env } = options;
  const paths: Record<string, string> = {};
  for (const name of names) {
    const tool = GO_TOOLS[name];
    const dir = await ensureGoTool(tool, { ...options, log });
    for (const { binary } of tool.binaries) {
      paths[binary] = join(dir, binary);
      if (dockerPluginCommand(binary)) await installDockerPlugin(join(dir, binary), tool.version, { log, env });
    }
    const linked = await linkToolBinaries(tool, dir, env);
    if (linked.length > 0) log(`${tool.name} ${tool.version}: ${linked.join(', ')} linked in ${toolchainBinDir(env)}`);
  }
  return paths as Record<BinaryName<N>, string>;
}
