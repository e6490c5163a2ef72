/**
 * One multi-platform index from images already in a registry, with `docker buildx imagetools
 * create` (the registry copies nothing but the index itself): how the stand-in mirror gives
 * buildkitd one ref per base that resolves to each platform's stand-in.
 */
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';

/** Points `target` at a new index of `sources` (`repo@sha256:…`, one per platform); returns the index digest. */
export async function createImageIndex(client: string, target: string, sources: readonly string[], env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<string> {
  if (sources.length === 0) throw new Error(`An index for ${target} needs at least one image; none was given.`);
  const created = await run(client, ['buildx', 'imagetools', 'create', '--tag', target, ...sources], { env, timeoutMs: 120_000 });
  if (created.exitCode !== 0) throw new Error(`Creating the index ${target} from ${sources.join(', ')} failed: ${firstErrorLine(created)}.`);
  const inspected = await run(client, ['buildx', 'imagetools', 'inspect', target, '--format', '{{json .Manifest}}'], { env, timeoutMs: 60_000 });
  if (inspected.exitCode !== 0) throw new Error(`Reading back the index ${target} failed: ${firstErrorLine(inspected)}.`);
  return (JSON.parse(inspected.stdout) as { digest: string }).digest;
}
