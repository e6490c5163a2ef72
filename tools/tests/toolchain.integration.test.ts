/**
 * The real thing, in the default cache (~/.cache/polystage/toolchain): `ensure` leaves the pinned
 * buildx where the docker CLI uses it and buildkitd/buildctl in the cache, each reporting the
 * pinned version; a second `ensure` builds nothing. The first run on a machine builds from the Go
 * module proxy (minutes: needs Go >= the catalog's minGo and the proxy); later runs are cached.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { GO_TOOLS } from '../src/toolchain/catalog.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'tools', 'src', 'toolchain', 'cli.ts');
// Tests must see the default cache, whatever the shell running them points at.
const env = { POLYSTAGE_TOOLCHAIN_DIR: undefined };

async function ensure() {
  return execa(process.execPath, [CLI, 'ensure'], { cwd: ROOT, env, all: true, stdin: 'ignore' });
}

describe('toolchain ensure', () => {
  it('builds or finds the pinned buildx and buildkit, and the docker CLI uses that buildx', { timeout: 40 * 60_000 }, async () => {
    await ensure();
    const { stdout } = await execa(process.execPath, [CLI, 'paths'], { cwd: ROOT, env });
    const paths = JSON.parse(stdout) as Record<'buildx' | 'buildkitd' | 'buildctl', string>;

    expect((await execa('docker', ['buildx', 'version'])).stdout).toMatch(new RegExp(`^github.com/docker/buildx ${GO_TOOLS.buildx.version}\\b`));
    expect((await execa(paths.buildctl, ['--version'])).stdout).toMatch(new RegExp(`^buildctl github.com/moby/buildkit ${GO_TOOLS.buildkit.version}\\b`));
    expect((await execa(paths.buildkitd, ['--version'])).stdout).toMatch(new RegExp(`^buildkitd github.com/moby/buildkit ${GO_TOOLS.buildkit.version}\\b`));
  });

  it('builds nothing the second time', async () => {
    const { all } = await ensure();
    expect(all).toContain(`buildx ${GO_TOOLS.buildx.version}: cached in `);
    expect(all).toContain(`buildkit ${GO_TOOLS.buildkit.version}: cached in `);
    expect(all).not.toMatch(/building|rebuilding|docker-buildx: (installed|replaced)/);
  });
});
