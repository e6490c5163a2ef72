/**
 * Running the other platform's binaries: the kernel's binfmt_misc hands every ELF of that machine
 * type to Debian's static qemu. Registered with the F (fix-binary) flag, the kernel opens the
 * interpreter once, here, so containers and BuildKit RUN steps use it without it in their root.
 * No binfmt-support or systemd unit: one line written to /proc, which is all they would do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINFMT_ROOT, BINFMT_TARGETS, entryProblem, parseBinfmtEntry, registrationLine, type Platform } from '@polystage/docker';

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
