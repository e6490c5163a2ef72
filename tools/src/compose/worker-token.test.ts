import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWorkerToken, WORKER_TOKEN_FILE } from './worker-token.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'worker-token-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ensureWorkerToken', () => {
  it('creates a 64-hex-digit token, readable by the services, in a directory only its owner lists', async () => {
    const { action, file } = await ensureWorkerToken(root);
    expect(action).toBe('created');
    expect(await readFile(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('keeps an existing token, so the running api and worker keep agreeing', async () => {
    const { file } = await ensureWorkerToken(root);
    const before = await readFile(file, 'utf8');
    expect((await ensureWorkerToken(root)).action).toBe('kept');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses a file without a long enough token, naming the fix', async () => {
    await mkdir(path.join(root, path.dirname(WORKER_TOKEN_FILE)), { recursive: true });
    await writeFile(path.join(root, WORKER_TOKEN_FILE), '# rotated\nshort\n');
    await expect(ensureWorkerToken(root)).rejects.toThrow(
      '.polystage/secrets/worker-token holds no token of at least 32 characters; delete it and run `npm run setup` to generate one.',
    );
  });
});
