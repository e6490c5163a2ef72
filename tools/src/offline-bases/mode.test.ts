import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './test-tmp.ts';
import type { DockerCli } from '@polystage/nx-docker';
import { chooseMirror } from './mode.ts';

const tempDir = tempDirs('polystage-mode-');

/** A "docker" whose pull always fails or always succeeds, to drive the probe without a registry. */
function fakeCli(path: '/bin/false' | '/bin/true'): DockerCli {
  return { path, mode: 'classic-buildkit', clientVersion: '20.10.24', reason: 'test' };
}

async function emptyWorkspace(): Promise<string> {
  return tempDir();
}

describe('chooseMirror', () => {
  it('uses BASE_IMAGE_MIRROR without probing', async () => {
    const root = await emptyWorkspace();
    expect(await chooseMirror(root, fakeCli('/bin/false'), 'debian:trixie-slim', { BASE_IMAGE_MIRROR: 'mirror.example' })).toEqual({ mirror: 'mirror.example' });
  });

  it('switches to offline once when the pull probe fails, says so in one line, and remembers it', async () => {
    const root = await emptyWorkspace();
    const first = await chooseMirror(root, fakeCli('/bin/false'), 'debian:trixie-slim', {});
    expect(first.mirror).toBe('polystage.local');
    expect(first.announcement).toMatch(/^offline bases: cannot pull debian:trixie-slim \(.*\); using local stand-ins tagged polystage\.local\/<ref>/);
    expect(first.announcement).not.toContain('\n');
    const decision = JSON.parse(await readFile(join(root, '.polystage', 'base-images.json'), 'utf8'));
    expect(decision).toMatchObject({ mirror: 'polystage.local' });
    expect(decision.reason).toMatch(/^docker pull debian:trixie-slim failed/);
    // The remembered decision wins next time: no probe, no announcement.
    expect(await chooseMirror(root, fakeCli('/bin/true'), 'debian:trixie-slim', {})).toEqual({ mirror: 'polystage.local' });
  });

  it('stays online (no mirror, no decision file) when the official image can be pulled', async () => {
    const root = await emptyWorkspace();
    expect(await chooseMirror(root, fakeCli('/bin/true'), 'debian:trixie-slim', {})).toEqual({ mirror: undefined });
    await expect(readFile(join(root, '.polystage', 'base-images.json'))).rejects.toThrow();
  });
});
