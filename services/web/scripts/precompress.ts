// Writes <file>.gz (gzip -9) and <file>.br (brotli, quality 11) beside every compressible
// file of a Vite build, so the server sends them as they are (nginx gzip_static and
// brotli_static) instead of compressing on every request.
// Usage: node scripts/precompress.ts <dist dir>
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.xml', '.map', '.webmanifest']);
/** Below this, the headers outweigh any saving. */
export const MIN_BYTES = 256;
/**
 * Never precompressed: a deployment replaces config.json by mounting its own file over it, and a
 * stale config.json.gz from the build would be served instead of the mounted file.
 */
export const EXCLUDED = new Set(['config.json']);

export interface Compressed {
  file: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export function shouldCompress(path: string, bytes: number): boolean {
  const name = path.split('/').at(-1) ?? path;
  return COMPRESSIBLE.has(extname(name)) && !EXCLUDED.has(name) && bytes >= MIN_BYTES;
}

export async function precompress(dir: string): Promise<Compressed[]> {
  const done: Compressed[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size } = await stat(path);
    if (!shouldCompress(path, size)) continue;
    const content = await readFile(path);
    const gzip = gzipSync(content, { level: 9 });
    const brotli = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: size,
      },
    });
    // A variant that is not smaller would only cost bytes on the wire.
    if (gzip.length < size) await writeFile(`${path}.gz`, gzip);
    if (brotli.length < size) await writeFile(`${path}.br`, brotli);
    done.push({ file: relative(dir, path), bytes: size, gzip: gzip.length, brotli: brotli.length });
  }
  return done;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/precompress.ts <dist dir>');
    process.exit(2);
  }
  for (const { file, bytes, gzip, brotli } of await precompress(dir)) {
    console.log(`${file}: ${bytes} B, gzip ${gzip} B, brotli ${brotli} B`);
  }
}
