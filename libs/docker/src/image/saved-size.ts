import { createGzip } from 'node:zlib';
import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';

/** What a registry transfer costs: `docker save | gzip -6`, counted as it streams, never written to disk. */
export async function gzippedSaveBytes(engine: Pick<Engine, 'client'>, image: string, level = 6): Promise<number> {
  const save = execa(engine.client, ['save', image], { buffer: false, stdout: 'pipe', stdin: 'ignore' });
  const gzip = createGzip({ level });
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => (bytes += chunk.length));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  save.stdout.pipe(gzip);
  await Promise.all([save, done]);
  return bytes;
}
