import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';

/**
 * `docker import`: a root filesystem tarball becomes an image, with Dockerfile `changes`
 * (CMD, ENV, LABEL) applied to its config. Throws with docker's output when it fails.
 */
export async function importImage(engine: Pick<Engine, 'client'>, tarball: Readable, tag: string, changes: readonly string[] = []): Promise<void> {
  const result = await execa(engine.client, ['import', ...changes.flatMap((change) => ['--change', change]), '-', tag], {
    stdin: tarball,
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`docker import of ${tag} failed: ${String(result.all).slice(-2000)}`);
}
