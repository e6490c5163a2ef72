import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../offline-bases/test-tmp.ts';
import { GO_TOOLS } from './catalog.ts';
import { makeStamp, rebuildReason, type Stamp } from './stamp.ts';

const tool = GO_TOOLS.buildkit;
const tempDir = tempDirs('toolchain-stamp-');

async function builtDir(): Promise<string> {
  const dir = await tempDir();
  for (const { binary } of tool.binaries) await writeFile(join(dir, binary), '');
  return dir;
}

describe('rebuildReason', () => {
  it('builds when there is no stamp', async () => {
    expect(rebuildReason(tool, undefined, await builtDir())).toBe('not built yet');
  });

  it('keeps a build whose stamp matches the catalog, whatever Go built it and when', async () => {
    const stamp = makeStamp(tool, 'go1.26.1', new Date(0));
    expect(rebuildReason(tool, stamp, await builtDir())).toBeUndefined();
    expect(stamp).toMatchObject({ module: 'github.com/moby/buildkit', version: 'v0.34.2', go: 'go1.26.1', binaries: ['buildkitd', 'buildctl'] });
  });

  it.each<[keyof Stamp, unknown, string]>([
    ['version', 'v0.34.1', "the catalog's version changed"],
    ['ldflags', '-s -w', "the catalog's ldflags changed"],
    ['env', {}, "the catalog's env changed"],
    ['module', 'github.com/other/buildkit', "the catalog's module changed"],
    ['binaries', ['buildkitd'], "the catalog's binaries changed"],
    ['tags', ['netgo'], "the catalog's tags changed"],
  ])("rebuilds when the stamp's %s differs", async (field, value, reason) => {
    const stamp = { ...makeStamp(tool, 'go1.26.8'), [field]: value };
    expect(rebuildReason(tool, stamp, await builtDir())).toBe(reason);
  });

  it('keeps a build stamped before the catalog had tags, unless the tool now has some', async () => {
    const { tags, ...old } = makeStamp(tool, 'go1.26.8');
    expect(tags).toEqual([]);
    expect(rebuildReason(tool, old, await builtDir())).toBeUndefined();
    expect(rebuildReason({ ...tool, tags: ['netgo'] }, old, await builtDir())).toBe("the catalog's tags changed");
  });

  it("rebuilds when a pinned goToolchain changes or appears, and records the machine's Go beside it", async () => {
    const compose = GO_TOOLS.compose;
    const dir = await tempDir();
    await writeFile(join(dir, 'docker-compose'), '');
    expect(makeStamp(compose, 'go1.26.10')).toMatchObject({ goToolchain: 'go1.26.10', go: 'go1.26.10' });
    expect(rebuildReason(compose, makeStamp(compose, 'go1.26.10'), dir)).toBeUndefined();
    expect(rebuildReason(compose, { ...makeStamp(compose, 'go1.26.10'), goToolchain: 'go1.26.9' }, dir)).toBe("the catalog's goToolchain changed");
    // Built with the machine's Go before the catalog pinned one.
    const { goToolchain, ...machine } = makeStamp(compose, 'go1.26.8');
    expect(goToolchain).toBe('go1.26.10');
    expect(rebuildReason(compose, machine, dir)).toBe("the catalog's goToolchain changed");
    // Tools without one keep stamps written before the field existed.
    expect(JSON.parse(JSON.stringify(makeStamp(tool, 'go1.26.8')))).not.toHaveProperty('goToolchain');
  });

  it('rebuilds when a binary is gone', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'buildkitd'), '');
    expect(rebuildReason(tool, makeStamp(tool, 'go1.26.8'), dir)).toBe('buildctl missing from the cache');
  });
});
