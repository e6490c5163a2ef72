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

/**
 * `docker push <ref>`: layers the registry already has are not sent again. Returns the manifest
 * digest the registry answered with. (A loopback registry needs no TLS: Docker treats 127.0.0.0/8 as insecure-allowed.)
 */
export async function pushImage(engine: Pick<Engine, 'client'>, ref: string, env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<string> {
  const result = await run(engine.client, ['push', ref], { timeoutMs: 600_000, env });
  if (result.exitCode !== 0) throw new Error(`Pushing ${ref} failed: ${firstErrorLine(result)}.`);
  const digest = /digest: (sha256:[0-9a-f]{64})/.exec(result.stdout)?.[1];
  if (!digest) throw new Error(`Pushing ${ref} printed no digest; docker said: ${result.stdout.split('\n').slice(-2).join(' ')}`);
  return digest;
}

/** Removes tags only (`docker image rm` of a ref keeps the image while other tags name it). */
export async function untagImages(engine: Pick<Engine, 'client'>, refs: readonly string[], run: DockerRunner = runDocker): Promise<void> {
  if (refs.length === 0) return;
  await run(engine.client, ['image', 'rm', '--no-prune', ...refs]);
}
