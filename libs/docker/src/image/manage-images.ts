// Tagging, listing and removing local images.
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';
import type { Engine } from '../engine/connect.ts';

/** Gives an image (by ID) each tag; the first failure stops with docker's reason. */
export async function tagImage(engine: Pick<Engine, 'client'>, imageId: string, tags: readonly string[], run: DockerRunner = runDocker): Promise<void> {
  for (const tag of tags) {
    const result = await run(engine.client, ['tag', imageId, tag]);
    if (result.exitCode !== 0) throw new Error(`Tagging ${imageId} as ${tag} failed: ${firstErrorLine(result)}.`);
  }
}

export interface ListedImage {
  id: string;
  /** `repository:tag`, or `<none>:<none>` for an untagged image. */
  ref: string;
}

/** Local images matching a reference (`api`, `api:*`) or carrying a label, one row per tag. */
export async function listImages(
  engine: Pick<Engine, 'client'>,
  filter: { reference?: string; label?: string },
  run: DockerRunner = runDocker,
): Promise<ListedImage[]> {
  const filters = [
    ...(filter.reference ? ['--filter', `reference=${filter.reference}`] : []),
    ...(filter.label ? ['--filter', `label=${filter.label}`] : []),
  ];
  const result = await run(engine.client, ['image', 'ls', ...filters, '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}']);
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', ref = ''] = line.split('\t');
      return { id, ref };
    });
}

/**
 * Removes images by tag or ID; ones already gone or still used by another tag or container are
 * left, which is what every caller here wants (cleanup after tests and rebuilds).
 */
export async function removeImages(engine: Pick<Engine, 'client'>, refs: readonly string[], run: DockerRunner = runDocker): Promise<void> {
  if (refs.length === 0) return;
  await run(engine.client, ['image', 'rm', ...refs], { timeoutMs: 120_000 });
}
