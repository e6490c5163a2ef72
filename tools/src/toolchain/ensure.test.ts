import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { linkToolBinaries, toolchainBinDir } from './binaries.ts';
import { GO_TOOLS, type GoTool } from './catalog.ts';
import { ensureGoTools } from './ensure.ts';
import { fakeGo } from './fake-go.ts';
import { ensureGoTool } from './go-build.ts';

const tempDir = tempDirs('toolchain-ensure-');

async function setup() {
  const root = join(await tempDir(), 'toolchain');
  const env = { POLYSTAGE_TOOLCHAIN_DIR: root, DOCKER_CONFIG: join(root, '..', 'docker-config') };
  const lines: string[] = [];
  const { run, calls } = fakeGo({ version: 'go1.26.8' }, await tempDir());
  return { root, bin: join(root, 'bin'), env, run, calls, lines, log: (line: string) => lines.push(line) };
}

describe('the bin folder', () => {
  it('is bin in the toolchain folder, POLYSTAGE_TOOLCHAIN_DIR included', () => {
    expect(toolchainBinDir({ POLYSTAGE_TOOLCHAIN_DIR: '/t' })).toBe('/t/bin');
    expect(toolchainBinDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/polystage/toolchain/bin');
  });

  it('links every ensured binary by its name to the cached build, relative, and says so once', async () => {
    const { root, bin, env, run, lines, log } = await setup();
    const paths = await ensureGoTools(['cosign', 'buildkit', 'registry'], log, { env, run });

    expect((await readdir(bin)).sort()).toEqual(['buildctl', 'buildkitd', 'cosign', 'registry']);
    expect(readlinkSync(join(bin, 'cosign'))).toBe('../cosign-v2.6.5/cosign');
    for (const [binary, path] of Object.entries(paths)) expect(realpathSync(join(bin, binary))).toBe(realpathSync(path));
    expect(await readFile(join(bin, 'buildctl'), 'utf8')).toBe('built ./cmd/buildctl');
    expect(lines).toContain(`cosign v2.6.5: cosign linked in ${bin}`);
    expect(lines).toContain(`buildkit v0.34.2: buildkitd, buildctl linked in ${bin}`);
    // Only the builds and bin: no temp folders or links left behind.
    expect((await readdir(root)).sort()).toEqual(['bin', 'buildkit-v0.34.2', 'cosign-v2.6.5', 'registry-v3.1.2']);

    // Warm: nothing built, nothing relinked, nothing said about links.
    const before = lstatSync(join(bin, 'cosign')).ino;
    lines.length = 0;
    await ensureGoTools(['cosign'], log, { env, run });
    expect(lines).toEqual([`cosign v2.6.5: cached in ${join(root, 'cosign-v2.6.5')}`]);
    expect(lstatSync(join(bin, 'cosign')).ino).toBe(before);
  });

  it('names buildx docker-buildx, as the docker CLI plugin it is', async () => {
    const { bin, env, run, log } = await setup();
    const dir = await ensureGoTool(GO_TOOLS.buildx, { env, run, log });
    expect(await linkToolBinaries(GO_TOOLS.buildx, dir, env)).toEqual(['docker-buildx']);
    expect(readlinkSync(join(bin, 'docker-buildx'))).toBe('../buildx-v0.38.2/docker-buildx');
  });

  it('installs every docker-<command> binary as a docker CLI plugin, and nothing else', async () => {
    const { bin, env, run, lines, log } = await setup();
    const paths = await ensureGoTools(['buildx', 'compose', 'cosign'], log, { env, run });
    const plugins = join(env.DOCKER_CONFIG, 'cli-plugins');
    expect((await readdir(plugins)).sort()).toEqual(['docker-buildx', 'docker-compose']);
    expect(await readFile(join(plugins, 'docker-compose'), 'utf8')).toBe(await readFile(paths['docker-compose'], 'utf8'));
    expect(lines).toContain(`docker-compose: installed the pinned v5.6.0 at ${join(plugins, 'docker-compose')}`);
    expect(readlinkSync(join(bin, 'docker-compose'))).toBe('../compose-v5.6.0/docker-compose');
  });

  it('moves a link to a new version by a rename, over an old link or a stray file', async () => {
    const { root, bin, env, run, log } = await setup();
    await mkdir(bin, { recursive: true });
    await symlink('../syft-v1.0.0/syft', join(bin, 'syft')); // an older pin, since removed: dangling
    await writeFile(join(bin, 'cosign'), 'not a link');

    const syftDir = await ensureGoTool(GO_TOOLS.syft, { env, run, log });
    const cosignDir = await ensureGoTool(GO_TOOLS.cosign, { env, run, log });
    expect(await linkToolBinaries(GO_TOOLS.syft, syftDir, env)).toEqual(['syft']);
    expect(await linkToolBinaries(GO_TOOLS.cosign, cosignDir, env)).toEqual(['cosign']);
    expect(readlinkSync(join(bin, 'syft'))).toBe('../syft-v1.57.1/syft');
    expect(readlinkSync(join(bin, 'cosign'))).toBe('../cosign-v2.6.5/cosign');

    const newer: GoTool = { ...GO_TOOLS.syft, version: 'v1.58.0' };
    const newerDir = await ensureGoTool(newer, { env, run, log });
    expect(await linkToolBinaries(newer, newerDir, env)).toEqual(['syft']);
    expect(realpathSync(join(bin, 'syft'))).toBe(realpathSync(join(root, 'syft-v1.58.0', 'syft')));
    expect((await readdir(bin)).sort()).toEqual(['cosign', 'syft']);
  });
});
