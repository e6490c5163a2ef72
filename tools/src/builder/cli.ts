/**
 * The BuildKit daemon builder, set up by `npm run setup` after the engine and the bases:
 *   node tools/src/builder/cli.ts ensure   build buildx, buildkit and the registry (cached), start the
 *                                          loopback mirror registry and buildkitd, push the offline
 *                                          stand-ins to the mirror, create the buildx builder `polystage`
 *   node tools/src/builder/cli.ts stop     stop buildkitd and the mirror registry by their pids
 * Builds then use `docker buildx build --builder polystage --load` (BUILDER=engine: the engine's own BuildKit).
 */
import { connectEngine, ensureRemoteBuilder, hostPlatform, platformsFromEnv, POLYSTAGE_BUILDER } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { localStandIns } from '../offline-bases/local-stand-ins.ts';
import { ensureGoTools } from '../toolchain/ensure.ts';
import { stopDaemon } from './daemon.ts';
import { ensureBuildkitd, stopBuildkitd } from './buildkitd.ts';
import { mirrorStandIns } from './mirror-stand-ins.ts';
import { ensureRegistry } from './registry.ts';
import { builderPaths } from './paths.ts';

const log = (line: string) => console.error(line);

async function main(command: string | undefined): Promise<number> {
  const paths = builderPaths();
  if (command === 'stop') {
    await stopBuildkitd(paths.buildkitDir);
    await stopDaemon(paths.registryPidFile);
    log('builder: buildkitd and the mirror registry stopped');
    return 0;
  }
  if (command !== 'ensure') {
    log('usage: cli.ts <ensure|stop>');
    return 2;
  }
  if (process.getuid?.() !== 0) {
    log(`builder: not root, so no BuildKit daemon is started here; builds use buildx's current builder (or the engine's BuildKit). Run \`npm run setup\` as root for the ${POLYSTAGE_BUILDER} builder.`);
    return 0;
  }
  const root = process.env['NX_WORKSPACE_ROOT'] ?? process.cwd();
  const tools = await ensureGoTools(['buildx', 'buildkit', 'registry'], log);
  const engine = await connectEngine({ env: { ...process.env, BUILDER: 'engine' } });

  const registry = await ensureRegistry({ binary: tools.registry, dir: paths.registryDir, addr: paths.registryHost });
  const mirror = await resolveMirror(root);
  if (mirror) {
    const standIns = await localStandIns(engine, mirror.mirror);
    const pushed = await mirrorStandIns(engine, standIns, mirror.mirror, registry.host);
    const platforms = [...new Set(pushed.flatMap((standIn) => standIn.platforms.map((p) => p.platform)))].sort();
    log(`builder: ${pushed.length} stand-ins under ${mirror.mirror}/ mirrored to ${registry.host} for the BuildKit daemon (${platforms.join(', ')})`);
  }
  const buildkitd = await ensureBuildkitd({
    buildkitd: tools.buildkitd,
    buildctl: tools.buildctl,
    dir: paths.buildkitDir,
    mirrors: mirror ? { [mirror.mirror]: registry.host } : {},
    platforms: [...new Set([hostPlatform(), ...(platformsFromEnv() ?? [])])],
  });
  const { action } = await ensureRemoteBuilder(engine.client, POLYSTAGE_BUILDER, buildkitd.endpoint);
  log(`builder: buildkitd ${buildkitd.action} at ${buildkitd.endpoint} (log ${paths.buildkitDir}/buildkitd.log); buildx builder ${POLYSTAGE_BUILDER} ${action}`);
  return 0;
}

process.exitCode = await main(process.argv[2]).catch((error: Error) => {
  console.error(`builder: ${error.message}`);
  return 1;
});
