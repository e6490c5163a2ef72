import { describe, expect, it } from 'vitest';
import { BINFMT_TARGETS, parseBinfmtEntry, registrationLine } from '@polystage/docker';
import { ensureBinfmt, type BinfmtSystem } from './binfmt.ts';

/** binfmt_misc as a map of files; writing `register` adds the entry the kernel would. */
function fakeBinfmt(files: Record<string, string> = {}, mountable = true): BinfmtSystem & { files: Record<string, string>; mounts: number } {
  const system = {
    root: '/binfmt',
    files: { ...files },
    mounts: 0,
    exists: (path: string) => path in system.files,
    read: (path: string) => system.files[path]!,
    write: (path: string, text: string) => {
      const [, name, , , , , interpreter, flags] = text.split(':');
      if (path !== '/binfmt/register') throw new Error(`unexpected write to ${path}`);
      system.files[`/binfmt/${name}`] = `enabled\ninterpreter ${interpreter}\nflags: ${flags}\noffset 0\n`;
    },
    mount: async () => {
      system.mounts += 1;
      if (mountable) system.files['/binfmt/register'] = '';
    },
  };
  return system;
}

describe('registrationLine', () => {
  it("is qemu's own aarch64 magic and mask, the static interpreter and the F flag", () => {
    expect(registrationLine(BINFMT_TARGETS['linux/arm64'])).toBe(
      ':qemu-aarch64:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00:' +
        '\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff:/usr/bin/qemu-aarch64-static:F',
    );
  });
});

describe('parseBinfmtEntry', () => {
  it('reads what the kernel prints for an entry', () => {
    expect(parseBinfmtEntry('enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\noffset 0\nmagic 7f45\n')).toEqual({ enabled: true, interpreter: '/usr/bin/qemu-aarch64-static', flags: 'F' });
    expect(parseBinfmtEntry('disabled\ninterpreter /usr/bin/qemu-aarch64\nflags: \n')).toEqual({ enabled: false, interpreter: '/usr/bin/qemu-aarch64', flags: '' });
  });
});

describe('ensureBinfmt', () => {
  it('mounts binfmt_misc when it is not, then registers each foreign platform once', async () => {
    const system = fakeBinfmt();
    expect(await ensureBinfmt(['linux/arm64'], system)).toEqual(['mounted binfmt_misc at /binfmt', 'registered qemu-aarch64 (linux/arm64) with /usr/bin/qemu-aarch64-static, flag F']);
    expect(system.mounts).toBe(1);
    // Run again: the entry serves, nothing to do.
    expect(await ensureBinfmt(['linux/arm64'], system)).toEqual([]);
  });

  it('keeps an entry that serves (enabled, flag F), whoever registered it', async () => {
    const system = fakeBinfmt({ '/binfmt/register': '', '/binfmt/qemu-aarch64': 'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\n' });
    expect(await ensureBinfmt(['linux/arm64'], system)).toEqual([]);
  });

  // Mutation guarded: an entry without F accepted (RUN steps would then fail with "no such file" inside containers).
  it('refuses an entry without the F flag in one line naming the fix, and a disabled one', async () => {
    const withoutF = fakeBinfmt({ '/binfmt/register': '', '/binfmt/qemu-aarch64': 'enabled\ninterpreter /usr/bin/qemu-aarch64\nflags: P\n' });
    await expect(ensureBinfmt(['linux/arm64'], withoutF)).rejects.toThrow(/^\/binfmt\/qemu-aarch64 is registered without the F flag, .*echo -1 > \/binfmt\/qemu-aarch64.*npm run setup again\.$/);
    const disabled = fakeBinfmt({ '/binfmt/register': '', '/binfmt/qemu-aarch64': 'disabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\n' });
    await expect(ensureBinfmt(['linux/arm64'], disabled)).rejects.toThrow('/binfmt/qemu-aarch64 is disabled: enable it with `echo 1 > /binfmt/qemu-aarch64`.');
  });

  it('says so in one line when the kernel has no binfmt_misc', async () => {
    await expect(ensureBinfmt(['linux/arm64'], fakeBinfmt({}, false))).rejects.toThrow(/^\/binfmt has no register file even after mounting binfmt_misc: /);
  });
});
