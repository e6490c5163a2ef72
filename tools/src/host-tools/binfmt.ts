/**
 * Running the other platform's binaries: the kernel's binfmt_misc hands every ELF of that machine
 * type to Debian's static qemu. Registered with the F (fix-binary) flag, the kernel opens the
 * interpreter once, here, so containers and BuildKit RUN steps use it without it in their root.
 * No binfmt-support or systemd unit: one line written to /proc, which is all they would do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '@polystage/docker';

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

export interface BinfmtSystem {
  root: string;
  exists(path: string): boolean;
  read(path: string): string;
  write(path: string, text: string): void;
  /** Mounts binfmt_misc at root (a container or a host without systemd has it unmounted). */
  mount(root: string): Promise<void>;
}

/**
 * Registers the qemu of each foreign platform unless an entry that serves is there already; throws
 * one line naming the problem and the fix when an existing entry cannot serve. Returns what it did.
 */
export async function ensureBinfmt(platforms: readonly Platform[], system: BinfmtSystem): Promise<string[]> {
  const done: string[] = [];
  if (!system.exists(join(system.root, 'register'))) {
    await system.mount(system.root);
    if (!system.exists(join(system.root, 'register'))) throw new Error(`${system.root} has no register file even after mounting binfmt_misc: this kernel cannot run other platforms' binaries.`);
    done.push(`mounted binfmt_misc at ${system.root}`);
  }
  for (const platform of platforms) {
    const target = BINFMT_TARGETS[platform];
    const file = join(system.root, target.name);
    if (system.exists(file)) {
      const problem = entryProblem(target, parseBinfmtEntry(system.read(file)), system.root);
      if (problem) throw new Error(problem);
      continue;
    }
    system.write(join(system.root, 'register'), registrationLine(target));
    done.push(`registered ${target.name} (${platform}) with ${target.interpreter}, flag F`);
  }
  return done;
}

/** The real /proc/sys/fs/binfmt_misc. */
export function procBinfmt(mountCommand: (root: string) => Promise<void>): BinfmtSystem {
  return {
    root: BINFMT_ROOT,
    exists: existsSync,
    read: (path) => readFileSync(path, 'utf8'),
    write: (path, text) => writeFileSync(path, text),
    mount: async (root) => {
      mkdirSync(root, { recursive: true });
      await mountCommand(root);
    },
  };
}
