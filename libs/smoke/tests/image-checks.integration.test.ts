// Checks that only read the image (config, size, files): each one passes on the good
// fixture and fails, with its message, on a bad one.
import { describe, expect, it } from 'vitest';
import { absentPathsFor, expectAbsentPaths, expectImageSizeWithin, expectNonRootUser, readImageFilesystem } from '../src/index.ts';
import { fixtureImage } from './fixture-images.ts';

const good = fixtureImage('good');
const serviceGlobs = { extra: ['/app/src', '/app/**/*.test.*'] };

describe('expectNonRootUser', () => {
  it('passes on USER 65532:65532', async () => {
    expect(await expectNonRootUser(good)).toBe(65532);
  });

  it('fails on USER 0', async () => {
    await expect(expectNonRootUser(fixtureImage('runs-as-root'))).rejects.toThrow(
      'Image polystage-smoke-fixture:runs-as-root must run as a non-root numeric uid, but USER is "0", which is uid 0 (root).',
    );
  });

  it('names the fix when the image was never built', async () => {
    await expect(expectNonRootUser('polystage-smoke-fixture:never-built')).rejects.toThrow(
      /^Image polystage-smoke-fixture:never-built is not in the engine smoke containers run on \(the one builds use\)\. Build it first/,
    );
  });
});

describe('expectAbsentPaths', () => {
  it('passes on the good fixture (its /usr/bin/bash is a dangling link, so absent)', async () => {
    await expectAbsentPaths(good, absentPathsFor(serviceGlobs));
    const filesystem = await readImageFilesystem(good);
    expect(filesystem.entries.get('/usr/bin/bash')?.type).toBe('symlink');
    expect(filesystem.exists('/nodejs/bin/node')).toBe(true);
  });

  it('fails on the leaky fixture, listing shell (through links), package manager and test file', async () => {
    const failure = await expectAbsentPaths(fixtureImage('leaky'), absentPathsFor(serviceGlobs)).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(/^Image polystage-smoke-fixture:leaky contains \d+ path\(s\) it promises not to have/);
    expect(message).toContain('  /bin/sh -> /usr/bin/dash\n');
    expect(message).toContain('  /usr/bin/apt-get\n');
    expect(message).toContain('  /app/src\n');
    expect(message).toContain('  /app/src/server.test.mjs  (matches /app/**/*.test.*)');
    expect(message).not.toContain('bash');
  });
});

describe('expectImageSizeWithin', () => {
  it('passes under budget and reports the size', async () => {
    const { sizeMb } = await expectImageSizeWithin(good, 300);
    expect(sizeMb).toBeGreaterThan(50);
  });

  it('fails over budget with actual vs budget', async () => {
    await expect(expectImageSizeWithin(good, 50)).rejects.toThrow(
      /^Image polystage-smoke-fixture:good is \d+\.\d MB uncompressed, over its budget of 50 MB by \d+\.\d MB\.$/,
    );
  });
});
