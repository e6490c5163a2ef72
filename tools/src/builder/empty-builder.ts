/**
 * A BuildKit daemon with an empty state and a buildx builder on it: what a fresh CI runner or a new
 * remote builder starts from. The benches build on one to measure cold builds without pruning the
 * builder everyone else uses. Reads base images from this machine's mirror, as the main builder does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRemoteBuilder, removeBuilder, type Engine } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { ensureGoTools } from '../toolchain/ensure.ts';
import { ensureBuildkitd, stopBuildkitd } from './buildkitd.ts';
import { builderPaths } from './paths.ts';

export interface EmptyBuilder {
  /** The buildx builder name: BUILDER=<name> selects it for an Nx docker target. */
  name: string;
  dispose(): Promise<void>;
}

export async function startEmptyBuilder(engine: Engine, workspaceRoot: string, name: string): Promise<EmptyBuilder> {
  const tools = await ensureGoTools(['buildx', 'buildkit']);
  const mirror = await resolveMirror(workspaceRoot);
  const dir = mkdtempSync(join(tmpdir(), `polystage-${name}-`));
  const daemon = await ensureBuildkitd({
    buildkitd: tools.buildkitd,
    buildctl: tools.buildctl,
    dir,
    mirrors: mirror ? { [mirror.mirror]: builderPaths().registryHost } : {},
  });
  await ensureRemoteBuilder(engine.client, name, daemon.endpoint);
  return {
    name,
    async dispose() {
      await removeBuilder(engine.client, name);
      await stopBuildkitd(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
