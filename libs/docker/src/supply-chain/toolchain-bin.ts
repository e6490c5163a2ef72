/**
 * Where the tools built from source (tools/src/toolchain: buildx, buildkit, the registry, cosign,
 * syft, compose) are found: `<toolchain>/bin/<name>`, the folder `npm run setup` links each pinned binary
 * into. One rule, read by the toolchain that fills it and by everything that runs its tools.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function toolchainRoot(env: NodeJS.ProcessEnv = process.env): string {
  // `||`: an empty variable counts as unset.
  return env['POLYSTAGE_TOOLCHAIN_DIR'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'polystage', 'toolchain');
}

export function toolchainBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(toolchainRoot(env), 'bin');
}

/** Which catalog tool builds a binary (tools/src/toolchain/catalog.ts), for the fix in the error. */
const TOOL_OF: Record<string, string> = { 'docker-buildx': 'buildx', buildkitd: 'buildkit', buildctl: 'buildkit', registry: 'registry', cosign: 'cosign', syft: 'syft', 'docker-compose': 'compose' };

/** The pinned binary, or a one-line error naming the command that builds it. */
export function toolchainBinary(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const path = join(toolchainBinDir(env), name);
  if (existsSync(path)) return path;
  throw new Error(`${name} is not built on this machine (${path} is missing): run \`node tools/src/toolchain/cli.ts ensure ${TOOL_OF[name] ?? name}\`, then try again.`);
}
