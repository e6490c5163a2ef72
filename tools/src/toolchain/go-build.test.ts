import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { toolchainBinaries } from './binaries.ts';
import { GO_TOOLS, withVersion, type GoTool } from './catalog.ts';
import { fakeGo, type FakeGo } from './fake-go.ts';
import { ensureGoTool, toolchainRoot } from './go-build.ts';

const tempDir = tempDirs('toolchain-go-build-');

async function setup(fake: FakeGo) {
  const env = { POLYSTAGE_TOOLCHAIN_DIR: join(await tempDir(), 'toolchain') };
  const lines: string[] = [];
  return { env, lines, log: (line: string) => lines.push(line), ...fakeGo(fake, await tempDir()) };
}

describe('ensureGoTool', () => {
  it('builds in the module folder with its own go.mod, renames to the catalog names and stamps last', async () => {
    const { env, lines, log, run, calls } = await setup({ version: 'go1.26.8' });
    const dir = await ensureGoTool(GO_TOOLS.buildx, { env, log, run });

    expect(dir).toBe(join(env.POLYSTAGE_TOOLCHAIN_DIR, 'buildx-v0.38.2'));
    expect((await readdir(dir)).sort()).toEqual(['docker-buildx', 'stamp.json']);
    expect(JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8'))).toMatchObject({ version: 'v0.38.2', go: 'go1.26.8', ldflags: withVersion(GO_TOOLS.buildx, GO_TOOLS.buildx.ldflags) });
    // Nothing but the finished folder: the temp folder it was built in is gone.
    expect(await readdir(env.POLYSTAGE_TOOLCHAIN_DIR)).toEqual(['buildx-v0.38.2']);
    expect(lines[0]).toBe(`building buildx v0.38.2 from the Go module proxy (cached in ${dir}; first time only) ...`);

    const build = calls.find((call) => call.args[0] === 'build')!;
    expect(build.args).toEqual(['build', '-trimpath', '-ldflags', '-s -w -X github.com/docker/buildx/version.Version=v0.38.2 -X github.com/docker/buildx/version.Package=github.com/docker/buildx', '-o', expect.stringMatching(/\/$/), './cmd/buildx']);
    const download = JSON.parse((await run('go', ['mod', 'download', '-json', 'x@v1'])).stdout) as { Dir: string };
    expect(build.options?.cwd).toBe(download.Dir);
    expect(build.options?.env).toMatchObject({ GOFLAGS: '-buildvcs=false -mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' });
  });

  it('does not run go at all when the stamp matches, and says "cached"', async () => {
    const { env, lines, log, run, calls } = await setup({ version: 'go1.26.8' });
    for (const tool of [GO_TOOLS.buildx, GO_TOOLS.buildkit, GO_TOOLS.cosign, GO_TOOLS.syft, GO_TOOLS.compose]) await ensureGoTool(tool, { env, log, run });
    const before = calls.length;
    const dir = await ensureGoTool(GO_TOOLS.buildkit, { env, log, run });
    expect(calls.length).toBe(before);
    expect(lines.at(-1)).toBe(`buildkit v0.34.2: cached in ${dir}`);
    expect(toolchainBinaries(env)).toEqual({
      buildx: join(env.POLYSTAGE_TOOLCHAIN_DIR, 'buildx-v0.38.2', 'docker-buildx'),
      buildkitd: join(dir, 'buildkitd'), buildctl: join(dir, 'buildctl'),
      cosign: join(env.POLYSTAGE_TOOLCHAIN_DIR, 'cosign-v2.6.5', 'cosign'),
      syft: join(env.POLYSTAGE_TOOLCHAIN_DIR, 'syft-v1.57.1', 'syft'),
      compose: join(env.POLYSTAGE_TOOLCHAIN_DIR, 'compose-v5.6.0', 'docker-compose'),
    });
  });

  describe('with a pinned goToolchain (compose: go1.26.10, on a machine with go1.26.8)', () => {
    it('runs every go command under GOTOOLCHAIN=<that release>, checks and stamps that Go, not the machine\'s', async () => {
      const { env, lines, log, run, calls } = await setup({ version: 'go1.26.8', goLine: '1.26.10' });
      const dir = await ensureGoTool(GO_TOOLS.compose, { env, log, run });

      expect(calls.map((call) => [call.args[0], call.options?.env?.['GOTOOLCHAIN']])).toEqual([['env', 'go1.26.10'], ['mod', 'go1.26.10'], ['build', 'go1.26.10']]);
      const build = calls.find((call) => call.args[0] === 'build')!;
      expect(build.args).toEqual(['build', '-trimpath', '-ldflags', '-w -X github.com/docker/compose/v5/internal.Version=v5.6.0', '-o', expect.stringMatching(/\/$/), './cmd']);
      expect((await readdir(dir)).sort()).toEqual(['docker-compose', 'stamp.json']);
      expect(JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8'))).toMatchObject({ goToolchain: 'go1.26.10', go: 'go1.26.10' });
      expect(lines.at(-1)).toMatch(/^built compose v5\.6\.0 with go1\.26\.10 in \d+s$/);
    });

    it('rebuilds when the pinned release changes', async () => {
      const { env, lines, log, run } = await setup({ version: 'go1.26.8', goLine: '1.26.10' });
      await ensureGoTool(GO_TOOLS.compose, { env, log, run });
      await ensureGoTool({ ...GO_TOOLS.compose, goToolchain: 'go1.26.11' }, { env, log, run });
      expect(lines.at(-2)).toMatch(/^rebuilding \(the catalog's goToolchain changed\) compose v5\.6\.0/);
    });

    it('says to make the proxy reachable when the release cannot be fetched', async () => {
      const { env, log, run } = await setup({ version: 'go1.26.8', toolchain: 'fails' });
      await expect(ensureGoTool(GO_TOOLS.compose, { env, log, run })).rejects.toThrow(
        /^`GOTOOLCHAIN=go1\.26\.10 go env GOVERSION` failed \(go: download go1\.26\.10: 403 Forbidden\)\. To fix, make the Go module proxy reachable \(`go env GOPROXY`; it serves go1\.26\.10\), then run again\.$/,
      );
    });

    it('refuses a go too old to switch toolchains, which answers with its own version', async () => {
      const { env, log, run, calls } = await setup({ version: 'go1.20.14', toolchain: 'ignored' });
      await expect(ensureGoTool(GO_TOOLS.compose, { env, log, run })).rejects.toThrow(
        /^compose v5\.6\.0 builds with go1\.26\.10, but `GOTOOLCHAIN=go1\.26\.10 go env GOVERSION` says go1\.20\.14\. To fix, install Go >= 1\.21\.0 from https:\/\/go\.dev\/dl, or put a newer go first on PATH, then run again\.$/,
      );
      expect(calls.map((call) => call.args[0])).toEqual(['env']);
    });

    it('asks for any go that can switch when there is none', async () => {
      const { env, log, run } = await setup({});
      await expect(ensureGoTool(GO_TOOLS.compose, { env, log, run })).rejects.toThrow(/^Go is not installed: building compose v5\.6\.0 needs Go >= 1\.21\.0\. /);
    });

    it("points at the catalog when the module's go.mod outgrows the pinned release", async () => {
      const { env, log, run } = await setup({ version: 'go1.26.8', goLine: '1.27.0' });
      await expect(ensureGoTool(GO_TOOLS.compose, { env, log, run })).rejects.toThrow(
        /^compose v5\.6\.0 needs Go >= 1\.27\.0, but its pinned goToolchain is go1\.26\.10\. To fix, set goToolchain of compose in tools\/src\/toolchain\/catalog\.ts to go1\.27\.0 or newer, then run again\.$/,
      );
    });
  });

  it("passes upstream's build tags, and stamps them", async () => {
    const { env, log, run, calls } = await setup({ version: 'go1.26.8' });
    const dir = await ensureGoTool(GO_TOOLS.syft, { env, log, run });
    const build = calls.find((call) => call.args[0] === 'build')!;
    expect(build.args).toEqual(['build', '-trimpath', '-tags', 'containers_image_openpgp,exclude_graphdriver_btrfs', '-ldflags', '-s -w -X main.version=1.57.1 -X main.gitDescription=v1.57.1', '-o', expect.stringMatching(/\/$/), './cmd/syft']);
    expect(JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8'))).toMatchObject({ tags: ['containers_image_openpgp', 'exclude_graphdriver_btrfs'] });
  });

  it('rebuilds, saying why, when the catalog entry changed', async () => {
    const { env, lines, log, run, calls } = await setup({ version: 'go1.26.8' });
    await ensureGoTool(GO_TOOLS.buildx, { env, log, run });
    const changed: GoTool = { ...GO_TOOLS.buildx, ldflags: `${GO_TOOLS.buildx.ldflags} -X main.extra=1` };
    await ensureGoTool(changed, { env, log, run });
    expect(calls.filter((call) => call.args[0] === 'build')).toHaveLength(2);
    expect(lines.at(-2)).toMatch(/^rebuilding \(the catalog's ldflags changed\) buildx v0.38.2 from the Go module proxy/);
  });

  it('says what is missing and the fix, in one line, when there is no Go', async () => {
    const { env, log, run } = await setup({});
    await expect(ensureGoTool(GO_TOOLS.buildx, { env, log, run })).rejects.toThrow(
      /^Go is not installed: building buildx v0.38.2 needs Go >= 1.26.8. To fix, install Go >= 1.26.8 from https:\/\/go.dev\/dl, or put its bin folder on PATH, then run again.$/,
    );
  });

  it('refuses a Go older than the catalog asks, before downloading anything', async () => {
    const { env, log, run, calls } = await setup({ version: 'go1.25.3' });
    await expect(ensureGoTool(GO_TOOLS.buildkit, { env, log, run })).rejects.toThrow(
      /^buildkit v0.34.2 needs Go >= 1.26.8, but go is go1.25.3. To fix, install Go >= 1.26.8 from https:\/\/go.dev\/dl, or put a newer go first on PATH, then run again.$/,
    );
    expect(calls.map((call) => call.args[0])).toEqual(['env']);
  });

  it("lets the module's own go.mod raise the minimum past a stale catalog", async () => {
    const { env, log, run } = await setup({ version: 'go1.26.8', goLine: '1.27.0' });
    await expect(ensureGoTool(GO_TOOLS.buildx, { env, log, run })).rejects.toThrow(/needs Go >= 1\.27\.0, but go is go1\.26\.8/);
  });

  it("keeps go's last lines in the error and leaves nothing half-built", async () => {
    const { env, log, run } = await setup({ version: 'go1.26.8', buildFails: true });
    const error = await ensureGoTool(GO_TOOLS.buildx, { env, log, run }).catch((caught: Error) => caught);
    expect((error as Error).message.split('\n')[0]).toBe('go build of buildx v0.38.2 failed (exit 1); its last lines:');
    expect((error as Error).message).toContain('  line 30');
    expect((error as Error).message).not.toContain('line 15\n');
    expect(await readdir(env.POLYSTAGE_TOOLCHAIN_DIR)).toEqual([]);
    expect(() => toolchainBinaries(env)).toThrow(/buildx v0.38.2 is not ready in .* \(not built yet\). To fix, run `node tools\/src\/toolchain\/cli.ts ensure buildx`/);
  });

  it('clears temp folders of runs that were killed, not those of live ones', async () => {
    const { env, log, run } = await setup({ version: 'go1.26.8' });
    const dead = join(env.POLYSTAGE_TOOLCHAIN_DIR, '.buildx-v0.38.2.999999999.abcdef');
    const live = join(env.POLYSTAGE_TOOLCHAIN_DIR, `.buildx-v0.38.2.${process.ppid}.abcdef`);
    await mkdir(dead, { recursive: true });
    await mkdir(live, { recursive: true });
    await ensureGoTool(GO_TOOLS.buildx, { env, log, run });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('caches under XDG_CACHE_HOME unless POLYSTAGE_TOOLCHAIN_DIR says otherwise', () => {
    expect(toolchainRoot({ XDG_CACHE_HOME: '/c' })).toBe('/c/polystage/toolchain');
    expect(toolchainRoot({ XDG_CACHE_HOME: '/c', POLYSTAGE_TOOLCHAIN_DIR: '/t' })).toBe('/t');
    expect(toolchainRoot({ HOME: '/h' })).toMatch(/\/\.cache\/polystage\/toolchain$/);
  });
});
