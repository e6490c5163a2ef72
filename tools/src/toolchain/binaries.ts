import { join } from 'node:path';
import { GO_TOOLS, type GoTool } from './catalog.ts';
import { toolDir } from './go-build.ts';
import { readStamp, rebuildReason } from './stamp.ts';

export interface ToolchainBinaries {
  buildx: string;
  buildkitd: string;
  buildctl: string;
}

/**
 * Paths of the pinned binaries in the cache, for other tools (a buildkitd starter). Builds
 * nothing: when a build is missing or stale it throws the ensure command to run.
 */
export function toolchainBinaries(env: NodeJS.ProcessEnv = process.env): ToolchainBinaries {
  return {
    buildx: binaryPath(GO_TOOLS.buildx, 'docker-buildx', env),
    buildkitd: binaryPath(GO_TOOLS.buildkit, 'buildkitd', env),
    buildctl: binaryPath(GO_TOOLS.buildkit, 'buildctl', env),
  };
}

function binaryPath(tool: GoTool, binary: string, env: NodeJS.ProcessEnv): string {
  const dir = toolDir(tool, env);
  const reason = rebuildReason(tool, readStamp(dir), dir);
  if (reason) throw new Error(`${tool.name} ${tool.version} is not ready in ${dir} (${reason}). To fix, run \`node tools/src/toolchain/cli.ts ensure ${tool.name}\`, then try again.`);
  return join(dir, binary);
}
