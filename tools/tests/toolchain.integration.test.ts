/**
 * The real thing, in the default cache (~/.cache/polystage/toolchain): `ensure` leaves the pinned
 * buildx and compose where the docker CLI uses them and buildkitd/buildctl, cosign and syft in the
 * cache, each reporting the pinned version, and links them all in the bin folder; a second
 * `ensure` builds nothing. The first run on a machine builds from the Go module proxy (minutes:
 * needs Go >= the catalog's minGo, or the pinned goToolchain from the proxy); later runs are cached.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { toolchainBinDir, type ToolchainBinaries } from '../src/toolchain/binaries.ts';
import { GO_TOOLS } from '../src/toolchain/catalog.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'tools', 'src', 'toolchain', 'cli.ts');
// Tests must see the default cache, whatever the shell running them points at.
const env = { POLYSTAGE_TOOLCHAIN_DIR: undefined };

function escape(text: string): string {
  return text.replaceAll('.', '\\.');
}

async function ensure() {
  return execa(process.execPath, [CLI, 'ensure'], { cwd: ROOT, env, all: true, stdin: 'ignore' });
}

describe('toolchain ensure', () => {
  it('builds or finds the pinned tools, and the docker CLI uses that buildx and compose', { timeout: 60 * 60_000 }, async () => {
    await ensure();
    const { stdout } = await execa(process.execPath, [CLI, 'paths'], { cwd: ROOT, env });
    const paths = JSON.parse(stdout) as ToolchainBinaries;

    expect((await execa('docker', ['buildx', 'version'])).stdout).toMatch(new RegExp(`^github.com/docker/buildx ${GO_TOOLS.buildx.version}\\b`));
    expect((await execa('docker', ['compose', 'version'])).stdout).toBe(`Docker Compose version ${GO_TOOLS.compose.version}`);
    expect((await execa(paths.buildctl, ['--version'])).stdout).toMatch(new RegExp(`^buildctl github.com/moby/buildkit ${GO_TOOLS.buildkit.version}\\b`));
    expect((await execa(paths.buildkitd, ['--version'])).stdout).toMatch(new RegExp(`^buildkitd github.com/moby/buildkit ${GO_TOOLS.buildkit.version}\\b`));
    expect((await execa(paths.cosign, ['version'])).stdout).toMatch(new RegExp(`^GitVersion:\\s+${escape(GO_TOOLS.cosign.version)}$`, 'm'));
    // goreleaser stamps the tag without its v, and so does the catalog.
    expect((await execa(paths.syft, ['version'])).stdout).toMatch(new RegExp(`^Version:\\s+${escape(GO_TOOLS.syft.version.slice(1))}$`, 'm'));

    // One folder with all of them, each the very build in the cache.
    const bin = toolchainBinDir({ ...process.env, ...env });
    const built = { 'docker-buildx': paths.buildx, buildkitd: paths.buildkitd, buildctl: paths.buildctl, cosign: paths.cosign, syft: paths.syft, 'docker-compose': paths.compose };
    for (const [binary, path] of Object.entries(built)) expect(realpathSync(join(bin, binary))).toBe(realpathSync(path));
    expect((await execa(join(bin, 'registry'), ['--version'])).stdout).toContain(GO_TOOLS.registry.version);
  });

  it('builds nothing the second time', async () => {
    const { all } = await ensure();
    expect(all).toContain(`buildx ${GO_TOOLS.buildx.version}: cached in `);
    expect(all).toContain(`buildkit ${GO_TOOLS.buildkit.version}: cached in `);
    expect(all).toContain(`cosign ${GO_TOOLS.cosign.version}: cached in `);
    expect(all).toContain(`syft ${GO_TOOLS.syft.version}: cached in `);
    expect(all).toContain(`compose ${GO_TOOLS.compose.version}: cached in `);
    expect(all).not.toMatch(/building|rebuilding|docker-(buildx|compose): (installed|replaced)| linked in /);
  });
});
