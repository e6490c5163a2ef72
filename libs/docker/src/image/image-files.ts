import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';
import { firstErrorLine, runDocker } from '../run-docker.ts';

/**
 * Every path in an image's filesystem (`etc/passwd`, directories with a trailing `/`), read from
 * outside: `docker create` (never started) + `docker export` listed by `tar -t`. Works for images
 * with no shell, where nothing can be run inside.
 */
export async function imageFilePaths(engine: Pick<Engine, 'client'>, image: string): Promise<string[]> {
  // A command is given because images with neither CMD nor ENTRYPOINT (scratch) refuse creation without one.
  const created = await runDocker(engine.client, ['create', image, '/never-runs']);
  if (created.exitCode !== 0) throw new Error(`Creating a container of ${image} to list its files failed: ${firstErrorLine(created)}.`);
  try {
    const { stdout } = await execa(engine.client, ['export', created.stdout], { buffer: { stdout: false }, stdin: 'ignore' }).pipe('tar', ['-t'], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout.split('\n').filter(Boolean).map((line) => line.replace(/^\.\//, ''));
  } finally {
    await runDocker(engine.client, ['rm', '--force', created.stdout]);
  }
}
