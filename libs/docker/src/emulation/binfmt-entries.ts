/**
 * The binfmt_misc entries that run another platform's binaries here: the kernel hands every ELF of
 * that machine type to Debian's static qemu, registered with the F (fix-binary) flag so containers
 * and BuildKit RUN steps use it without it in their root. What an entry must look like, and why an
 * existing one cannot serve, live here once: setup registers them (tools/src/host-tools), the
 * stand-in builds and the smoke kit check them before running a foreign binary.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostPlatform, type Platform } from '../image-build/platforms.ts';

export const BINFMT_ROOT = '/proc/sys/fs/binfmt_misc';

export interface BinfmtTarget {
  /** The binfmt entry's name: its file under /proc/sys/fs/binfmt_misc. */
  name: string;
  interpreter: string;
  /** ELF header bytes and mask, as qemu's own qemu-binfmt-conf.sh registers them (escaped for the kernel). */
  magic: string;
  mask: string;
}

/** Per platform a build may ask for, the qemu that runs its binaries on another host. */
export const BINFMT_TARGETS: Record<Platform, BinfmtTarget> = {
  'linux/arm64': {
    name: 'qemu-aarch64',
    interpreter: '/usr/bin/qemu-aarch64-static',
    magic: '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00',
    mask: '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff',
  },
  'linux/amd64': {
    name: 'qemu-x86_64',
    interpreter: '/usr/bin/qemu-x86_64-static',
    magic: '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x3e\\x00',
    mask: '\\xff\\xff\\xff\\xff\\xff\\xfe\\xfe\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff',
  },
};

/** The line written to binfmt_misc/register: `:name:M::magic:mask:interpreter:F`. */
export function registrationLine(target: BinfmtTarget): string {
  return `:${target.name}:M::${target.magic}:${target.mask}:${target.interpreter}:F`;
}

export interface BinfmtEntry {
  enabled: boolean;
  interpreter?: string;
  flags: string;
}

/** An entry file of binfmt_misc (`enabled`, `interpreter /usr/bin/...`, `flags: F`, ...). */
export function parseBinfmtEntry(text: string): BinfmtEntry {
  const interpreter = /^interpreter (\S+)$/m.exec(text)?.[1];
  return { enabled: /^enabled$/m.test(text), ...(interpreter ? { interpreter } : {}), flags: /^flags: ?(\S*)$/m.exec(text)?.[1] ?? '' };
}

/** Why an existing entry cannot serve builds and containers, or undefined when it can. */
export function entryProblem(target: BinfmtTarget, entry: BinfmtEntry, root = BINFMT_ROOT): string | undefined {
  const file = join(root, target.name);
  if (!entry.enabled) return `${file} is disabled: enable it with \`echo 1 > ${file}\`.`;
  if (!entry.flags.includes('F')) {
    return `${file} is registered without the F flag, so containers cannot find ${entry.interpreter ?? 'its interpreter'}: remove it (\`echo -1 > ${file}\`) and run npm run setup again.`;
  }
  return undefined;
}

/**
 * Why `platform`'s binaries cannot run here (not registered, disabled, no F flag), as one line
 * naming the fix; undefined when they can. The host's own platform needs no entry.
 */
export function emulationProblem(platform: Platform, root: string = BINFMT_ROOT, host: Platform = hostPlatform()): string | undefined {
  if (platform === host) return undefined;
  const target = BINFMT_TARGETS[platform];
  const file = join(root, target.name);
  if (!existsSync(file)) return `${platform} binaries run here under qemu, and ${file} is not registered: run \`BUILD_PLATFORMS=${host},${platform} npm run setup\` (as root).`;
  return entryProblem(target, parseBinfmtEntry(readFileSync(file, 'utf8')), root);
}
