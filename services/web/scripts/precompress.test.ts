import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompress, shouldCompress } from './precompress.ts';

describe('shouldCompress', () => {
  it('takes text assets above the threshold', () => {
    expect(shouldCompress('dist/assets/index-abc.js', 5000)).toBe(true);
    expect(shouldCompress('dist/index.html', 400)).toBe(true);
  });

  it('skips binaries, tiny files and the runtime config', () => {
    expect(shouldCompress('dist/assets/logo.png', 50_000)).toBe(false);
    expect(shouldCompress('dist/favicon.svg', 100)).toBe(false);
    expect(shouldCompress('dist/config.json', 50_000)).toBe(false);
  });
});

describe('precompress', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-precompress-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes gzip and brotli variants that decode to the original, in subfolders too', async () => {
    const js = 'export const answer = 42;\n'.repeat(200);
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'index-abc.js'), js);
    await writeFile(join(dir, 'config.json'), JSON.stringify({ apiBaseUrl: '/api', padding: 'x'.repeat(1000) }));

    const done = await precompress(dir);

    expect(done.map((d) => d.file)).toEqual([join('assets', 'index-abc.js')]);
    expect(gunzipSync(await readFile(join(dir, 'assets', 'index-abc.js.gz'))).toString()).toBe(js);
    expect(brotliDecompressSync(await readFile(join(dir, 'assets', 'index-abc.js.br'))).toString()).toBe(js);
    expect((await readdir(dir)).sort()).toEqual(['assets', 'config.json']);
  });
});
