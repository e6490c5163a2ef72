/**
 * What a registry holds under a ref, read with `docker buildx imagetools` (the docker config's
 * credentials, no pull): the manifest digest the ref points at, the image config digest inside it
 * (the ID the image has in an engine) and the attestations beside it.
 */
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';

export interface RemoteImage {
  /** What the ref points at: an index (with attestations) or a single manifest. */
  digest: string;
  /** The linux image's config digest: equal to the engine image ID of the same image. */
  configDigest: string;
  /** Attestation manifests beside the image (provenance, SBOM), by their predicate types when known. */
  attestationManifests: string[];
}

interface Descriptor {
  mediaType: string;
  digest: string;
  platform?: { os: string; architecture: string };
  annotations?: Record<string, string>;
}

/** `repo:tag` / `repo@digest` -> `repo`, so a child manifest can be addressed as `repo@<digest>`. */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? name.slice(0, colon) : name;
}

/** The image behind `ref`, or undefined when the registry has no such ref. */
export async function inspectRemoteImage(client: string, ref: string, env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<RemoteImage | undefined> {
  const top = await run(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}'], { env, timeoutMs: 60_000 });
  if (top.exitCode !== 0) {
    if (/not found|manifest unknown/i.test(top.stderr)) return undefined;
    throw new Error(`Reading ${ref} from its registry failed: ${firstErrorLine(top)}.`);
  }
  const descriptor = JSON.parse(top.stdout) as Descriptor & { manifests?: Descriptor[] };
  const repository = repositoryOf(ref);
  const children = descriptor.manifests ?? [];
  const image = children.length > 0 ? children.find((child) => child.platform?.os === 'linux') : descriptor;
  if (!image) throw new Error(`${ref} is an index with no linux image in it.`);
  const raw = await run(client, ['buildx', 'imagetools', 'inspect', `${repository}@${image.digest}`, '--raw'], { env, timeoutMs: 60_000 });
  if (raw.exitCode !== 0) throw new Error(`Reading ${repository}@${image.digest} failed: ${firstErrorLine(raw)}.`);
  const manifest = JSON.parse(raw.stdout) as { config?: { digest: string } };
  if (!manifest.config?.digest) throw new Error(`${repository}@${image.digest} has no image config.`);
  return {
    digest: descriptor.digest,
    configDigest: manifest.config.digest,
    attestationManifests: children.filter((child) => child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest').map((child) => child.digest),
  };
}

/** Points more tags at a pushed manifest; the registry copies the reference, so the digest stays. */
export async function tagRemoteImage(client: string, source: string, tags: readonly string[], env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<void> {
  const result = await run(client, ['buildx', 'imagetools', 'create', ...tags.flatMap((tag) => ['--tag', tag]), source], { env, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`Tagging ${source} as ${tags.join(', ')} failed: ${firstErrorLine(result)}.`);
}

/** The SLSA provenance BuildKit attached beside an image (`buildx imagetools`), or undefined when there is none. */
export async function remoteProvenance(client: string, ref: string, env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<{ buildType: string; builderId?: string } | undefined> {
  const result = await run(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Provenance}}'], { env, timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`Reading the provenance of ${ref} failed: ${firstErrorLine(result)}.`);
  const provenance = JSON.parse(result.stdout || 'null') as { SLSA?: { buildDefinition?: { buildType?: string }; runDetails?: { builder?: { id?: string } } } } | null;
  const buildType = provenance?.SLSA?.buildDefinition?.buildType;
  if (!buildType) return undefined;
  const builderId = provenance?.SLSA?.runDetails?.builder?.id;
  return { buildType, ...(builderId ? { builderId } : {}) };
}
