import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';

/**
 * `docker import`: a root filesystem tarball on disk becomes an image, with Dockerfile `changes`
 * (CMD, ENV, LABEL) applied to its config. A file, not a stream handed between two subprocesses:
 * that hand-over could leave a promise unsettled once both had exited (node then quit with 13).
 * Throws with docker's output when it fails.
 */
export async function importImage(engine: Pick<Engine, 'client'>, tarball: string, tag: string, changes: readonly string[] = []): Promise<void> {
  const result = await execa(engine.client, ['import', ...changes.flatMap((change) => ['--change', change]), tarball, tag], {
    stdin: 'ignore',
    reject: false,
    all: true,
  });
  if (result.exitCode !== 0) throw new Error(`docker import of ${tag} failed: ${String(result.all).slice(-2000)}`);
}
