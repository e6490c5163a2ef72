import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulationProblem, requireEmulation } from './binfmt.ts';

const REGISTERED = 'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\noffset 0\nmagic 7f454c46\nmask ffffffff\n';
const SETUP = '`BUILD_PLATFORMS=linux/amd64,linux/arm64 npm run setup` (as root).';

/** A stand-in for /proc/sys/fs/binfmt_misc with the given entries. */
function binfmtDir(entries: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'smoke-binfmt-'));
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(root, name), text);
  return root;
}

describe('emulationProblem', () => {
  it('passes an enabled qemu-aarch64 entry with the F flag for linux/arm64', () => {
    const root = binfmtDir({ 'qemu-aarch64': REGISTERED });
    expect(emulationProblem('linux/arm64', root)).toBeUndefined();
    expect(() => requireEmulation('linux/arm64', root)).not.toThrow();
  });

  it('names the missing entry and setup, in one line', () => {
    const root = binfmtDir({});
    expect(() => requireEmulation('linux/arm64', root)).toThrow(`linux/arm64 images run here under qemu, but ${join(root, 'qemu-aarch64')} is not registered: run ${SETUP}`);
    expect(emulationProblem('linux/amd64', root)).toBe(`linux/amd64 images run here under qemu, but ${join(root, 'qemu-x86_64')} is not registered: run ${SETUP}`);
  });

  it('refuses a disabled entry and one without the F flag', () => {
    const disabled = binfmtDir({ 'qemu-aarch64': REGISTERED.replace('enabled', 'disabled') });
    expect(emulationProblem('linux/arm64', disabled)).toBe(`linux/arm64 images run here under qemu, but ${join(disabled, 'qemu-aarch64')} is disabled: run ${SETUP}`);
    const noFix = binfmtDir({ 'qemu-aarch64': REGISTERED.replace('flags: F', 'flags: ') });
    expect(emulationProblem('linux/arm64', noFix)).toMatch(/lacks the F flag, so containers cannot find the interpreter: run `BUILD_PLATFORMS=/);
    expect(emulationProblem('linux/arm64', binfmtDir({ 'qemu-aarch64': REGISTERED.replace('flags: F', 'flags: OCF') }))).toBeUndefined();
  });
});
