// Whether this kernel can run another platform's binaries: `npm run setup` registers Debian's
// qemu with binfmt_misc (flag F, so containers need no interpreter of their own) when
// BUILD_PLATFORMS names a platform the host is not. Checked before an emulated container starts,
// so a missing registration is one line naming the fix, not an "exec format error" in a log.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '@polystage/docker';

export const BINFMT_ROOT = '/proc/sys/fs/binfmt_misc';

/** The binfmt_misc entry (its file name) that runs each platform's ELF binaries, as setup names it. */
export const BINFMT_ENTRIES: Record<Platform, string> = {
  'linux/arm64': 'qemu-aarch64',
  'linux/amd64': 'qemu-x86_64',
};

const SETUP = '`BUILD_PLATFORMS=linux/amd64,linux/arm64 npm run setup`';

/** Why `platform`'s binaries cannot run here, or undefined when its entry is registered, enabled and fixed (F). */
export function emulationProblem(platform: Platform, root: string = BINFMT_ROOT): string | undefined {
  const file = join(root, BINFMT_ENTRIES[platform]);
  if (!existsSync(file)) return `${platform} images run here under qemu, but ${file} is not registered: run ${SETUP} (as root).`;
  const entry = readFileSync(file, 'utf8');
  if (!/^enabled$/m.test(entry)) return `${platform} images run here under qemu, but ${file} is disabled: run ${SETUP} (as root).`;
  if (!/^flags: ?\S*F/m.test(entry)) {
    return `${platform} images run here under qemu, but ${file} lacks the F flag, so containers cannot find the interpreter: run ${SETUP} (as root).`;
  }
  return undefined;
}

/** Throws emulationProblem's line. */
export function requireEmulation(platform: Platform, root: string = BINFMT_ROOT): void {
  const problem = emulationProblem(platform, root);
  if (problem) throw new Error(problem);
}
