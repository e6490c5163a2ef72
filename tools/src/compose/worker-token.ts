// The worker credential compose.yaml hands to the api and the worker as the secret
// `worker-token`: a random token generated once per clone, never committed (.polystage/
// is gitignored and outside every build context).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where compose.yaml's `secrets.worker-token.file` points, relative to the repo root. */
export const WORKER_TOKEN_FILE = '.polystage/secrets/worker-token';
/** The api and the worker refuse shorter tokens. */
export const MIN_TOKEN_LENGTH = 32;

export type TokenAction = 'created' | 'kept';

/**
 * Creates the token file when missing; keeps a valid one (rotating is deleting it and running
 * setup again, then recreating the api and the worker). The directory is 0700 so only its owner
 * lists it; the file itself is 0644 because compose bind-mounts it as-is and the services run
 * as a uid other than the file's owner.
 */
export async function ensureWorkerToken(root: string): Promise<{ action: TokenAction; file: string }> {
  const file = path.join(root, WORKER_TOKEN_FILE);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) {
    const token = existing.split('\n').find((line) => line.trim() !== '' && !line.startsWith('#'))?.trim() ?? '';
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new Error(`${WORKER_TOKEN_FILE} holds no token of at least ${MIN_TOKEN_LENGTH} characters; delete it and run \`npm run setup\` to generate one.`);
    }
    return { action: 'kept', file };
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await chmod(path.dirname(file), 0o700);
  // wx: two setups racing never overwrite each other's token.
  await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o644, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await chmod(file, 0o644); // the mode given to writeFile is narrowed by the umask
  return { action: 'created', file };
}
