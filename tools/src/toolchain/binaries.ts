import { readlinkSync } from 'node:fs';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { GO_TOOLS, type GoTool } from './catalog.ts';
import { toolDir } from './go-build.ts';
import { toolchainBinDir } from '@polystage/docker';
import { readStamp, rebuildReason } from './stamp.ts';

export interface ToolchainBinaries {
  buildx: string;
  buildkitd: string;
  buildctl: string;
  cosign: string;
  syft: string;
  compose: string;
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
    cosign: binaryPath(GO_TOOLS.cosign, 'cosign', env),
    syft: binaryPath(GO_TOOLS.syft, 'syft', env),
    compose: binaryPath(GO_TOOLS.compose, 'docker-compose', env),
  };
}

function binaryPath(tool: GoTool, binary: string, env: NodeJS.ProcessEnv): string {
  const dir = toolDir(tool, env);
  const reason = rebuildReason(tool, readStamp(dir), dir);
  if (reason) throw new Error(`${tool.name} ${tool.version} is not ready in ${dir} (${reason}). To fix, run \`node tools/src/toolchain/cli.ts ensure ${tool.name}\`, then try again.`);
  return join(dir, binary);
}

/**
 * One folder with every ensured binary by its name (docker-buildx, buildkitd, buildctl, registry,
 * cosign, syft, docker-compose), each a symlink to the pinned build in the cache: put it on PATH to use them.
 */
export { toolchainBinDir } from '@polystage/docker';

/**
 * Points `bin/<binary>` at the build of `tool` in `dir` (relative links: the cache can move). Each
 * link is swapped in whole by a rename, so a reader finds the old build or the new, never none.
 * Returns the binaries whose link was made or changed.
 */
export async function linkToolBinaries(tool: GoTool, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const bin = toolchainBinDir(env);
  await mkdir(bin, { recursive: true });
  const changed = [];
  for (const { binary } of tool.binaries) {
    const link = join(bin, binary);
    const target = relative(bin, join(dir, binary));
    if (currentTarget(link) === target) continue;
    // A dot name beside the link, so it is never taken for a tool on PATH.
    const temp = join(bin, `.${binary}.${process.pid}.tmp`);
    await rm(temp, { force: true });
    try {
      await symlink(target, temp);
      await rename(temp, link);
    } finally {
      await rm(temp, { force: true });
    }
    changed.push(binary);
  }
  return changed;
}

function currentTarget(link: string): string | undefined {
  try {
    return readlinkSync(link);
  } catch {
    return undefined;
  }
}
