import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulationProblem } from './binfmt-entries.ts';

const REGISTERED = 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\noffset 0\nmagic 7f454c46\nmask ffffffff\n';

/** A stand-in for /proc/sys/fs/binfmt_misc with the given entries. */
function binfmtDir(entries: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'binfmt-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(root, name), text);
  return root;
}

describe('emulationProblem', () => {
  it('passes an enabled qemu-aarch64 entry with the F flag, and the host platform without one', () => {
    expect(emulationProblem('linux/arm64', binfmtDir({ 'qemu-aarch64': REGISTERED }), 'linux/amd64')).toBeUndefined();
    expect(emulationProblem('linux/arm64', binfmtDir({ 'qemu-aarch64': REGISTERED.replace('flags: F', 'flags: OCF') }), 'linux/amd64')).toBeUndefined();
    expect(emulationProblem('linux/amd64', binfmtDir({}), 'linux/amd64')).toBeUndefined();
  });

  it('names the missing entry and the setup that registers it, in one line', () => {
    const root = binfmtDir({});
    expect(emulationProblem('linux/arm64', root, 'linux/amd64')).toBe(
      `linux/arm64 binaries run here under qemu, and ${join(root, 'qemu-aarch64')} is not registered: run \`BUILD_PLATFORMS=linux/amd64,linux/arm64 npm run setup\` (as root).`,
    );
    expect(emulationProblem('linux/amd64', root, 'linux/arm64')).toContain(`${join(root, 'qemu-x86_64')} is not registered: run \`BUILD_PLATFORMS=linux/arm64,linux/amd64 npm run setup\``);
  });

  it('names the fix setup cannot make for an entry that is there but unusable', () => {
    const disabled = binfmtDir({ 'qemu-aarch64': REGISTERED.replace('enabled', 'disabled') });
    expect(emulationProblem('linux/arm64', disabled, 'linux/amd64')).toBe(`${join(disabled, 'qemu-aarch64')} is disabled: enable it with \`echo 1 > ${join(disabled, 'qemu-aarch64')}\`.`);
    const noFix = binfmtDir({ 'qemu-aarch64': REGISTERED.replace('flags: F', 'flags: ') });
    expect(emulationProblem('linux/arm64', noFix, 'linux/amd64')).toMatch(/registered without the F flag, .*remove it \(`echo -1 > .*`\) and run npm run setup again\.$/);
  });
});
