/**
 * Emulation for the platforms a run asks for that this host is not (BUILD_PLATFORMS, e.g.
 * `linux/amd64,linux/arm64` on an amd64 host): installs Debian's qemu-user-static and registers it
 * with binfmt_misc (binfmt.ts). Does nothing when BUILD_PLATFORMS is unset or names only this
 * host's platform, so `npm run setup` runs it always and installs nothing for a native-only run.
 *   BUILD_PLATFORMS=linux/amd64,linux/arm64 node tools/src/host-tools/emulation-cli.ts
 */
import { execa } from 'execa';
import { hostPlatform, platformsFromEnv } from '@polystage/docker';
import { ensureBinfmt, procBinfmt } from './binfmt.ts';
import { HOST_TOOLS } from './catalog.ts';
import { ensureHostTools, hostFacts } from './ensure.ts';

try {
  const native = hostPlatform();
  const foreign = (platformsFromEnv() ?? []).filter((platform) => platform !== native);
  if (foreign.length > 0) {
    if (!hostFacts().root) throw new Error(`BUILD_PLATFORMS asks for ${foreign.join(', ')} on a ${native} host, which needs emulation set up as root: run npm run setup as root (sudo -E npm run setup).`);
    await ensureHostTools([HOST_TOOLS.qemu]);
    const done = await ensureBinfmt(foreign, procBinfmt(async (root) => void (await execa('mount', ['-t', 'binfmt_misc', 'binfmt_misc', root]))));
    for (const line of done) console.error(`emulation: ${line}`);
    console.error(`emulation: ${foreign.join(', ')} runs here under qemu (host ${native})`);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
