/**
 * What a registry holds under a ref, read with `docker buildx imagetools` (the docker config's
 * credentials, no pull): the manifest digest the ref points at, the image config digest inside it
 * (the ID the image has in an engine) and the attestations beside it.
 */
import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';

/** One platform's image manifest in what a ref points at. */
export interface RemotePlatformImage {
  /** `linux/arm64`, from the index entry (a lone manifest: from its config). */
  platform: string;
  /** The platform's image manifest. */
  digest: string;
  /** Its image config digest: equal to the engine image ID of the same image. */
  configDigest: string;
}

export interface RemoteImage {
  /** What the ref points at: an index (one manifest per platform, with attestations) or a single manifest. */
  digest: string;
  /** Every linux image in it, in index order; one for a single manifest. */
  images: RemotePlatformImage[];
  /** BuildKit's attestation manifests (provenance, SBOM) in the index, each with the image manifest it describes. */
  attestations: { digest: string; describes: string }[];
}

interface Descriptor {
  mediaType: string;
  digest: string;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

/** What `imagetools inspect --format '{{json .Manifest}}'` prints: a descriptor, with `manifests` for an index. */
export type ManifestDescriptor = Descriptor & { manifests?: Descriptor[] };

/** The parts of an index: its linux image manifests (by platform) and the attestation manifests beside them. */
export interface IndexEntries {
  /** Linux image manifests; `platform` is undefined for a lone manifest (its config names it). */
  images: { platform?: string; digest: string }[];
  attestations: { digest: string; describes: string }[];
}

/**
 * Sorts an index's entries: BuildKit lists each platform's image manifest, then one attestation
 * manifest per platform (platform `unknown/unknown`, annotated `vnd.docker.reference.type:
 * attestation-manifest` and `vnd.docker.reference.digest: <the image manifest>`). Pure, for tests.
 */
export function indexEntries(descriptor: ManifestDescriptor): IndexEntries {
  if (!descriptor.manifests) return { images: [{ digest: descriptor.digest }], attestations: [] };
  const attestations = descriptor.manifests
    .filter((child) => child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
    .map((child) => ({ digest: child.digest, describes: child.annotations?.['vnd.docker.reference.digest'] ?? '' }));
  const images = descriptor.manifests
    .filter((child) => child.platform?.os === 'linux')
    .map((child) => ({ platform: platformName(child.platform!), digest: child.digest }));
  return { images, attestations };
}

/** `linux/amd64`, `linux/arm64`; a variant only where it distinguishes (`linux/arm/v7`, not arm64's v8). */
function platformName(platform: { os: string; architecture: string; variant?: string }): string {
  const variant = platform.variant && !(platform.architecture === 'arm64' && platform.variant === 'v8') ? `/${platform.variant}` : '';
  return `${platform.os}/${platform.architecture}${variant}`;
}

/** `repo:tag` / `repo@digest` -> `repo`, so a child manifest can be addressed as `repo@<digest>`. */
export function repositoryOf(ref: string): string {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? name.slice(0, colon) : name;
}

/** The image (or index of images) behind `ref`, or undefined when the registry has no such ref. */
export async function inspectRemoteImage(client: string, ref: string, env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<RemoteImage | undefined> {
  const top = await run(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Manifest}}'], { env, timeoutMs: 60_000 });
  if (top.exitCode !== 0) {
    if (/not found|manifest unknown/i.test(top.stderr)) return undefined;
    throw new Error(`Reading ${ref} from its registry failed: ${firstErrorLine(top)}.`);
  }
  const descriptor = JSON.parse(top.stdout) as ManifestDescriptor;
  const repository = repositoryOf(ref);
  const entries = indexEntries(descriptor);
  if (entries.images.length === 0) throw new Error(`${ref} is an index with no linux image in it.`);
  const images: RemotePlatformImage[] = [];
  for (const image of entries.images) {
    const raw = await run(client, ['buildx', 'imagetools', 'inspect', `${repository}@${image.digest}`, '--raw'], { env, timeoutMs: 60_000 });
    if (raw.exitCode !== 0) throw new Error(`Reading ${repository}@${image.digest} failed: ${firstErrorLine(raw)}.`);
    const manifest = JSON.parse(raw.stdout) as { config?: { digest: string } };
    if (!manifest.config?.digest) throw new Error(`${repository}@${image.digest} has no image config.`);
    images.push({ platform: image.platform ?? (await lonePlatform(client, `${repository}@${image.digest}`, env, run)), digest: image.digest, configDigest: manifest.config.digest });
  }
  return { digest: descriptor.digest, images, attestations: entries.attestations };
}

/** A manifest outside an index names its platform only in its config. */
async function lonePlatform(client: string, ref: string, env: Record<string, string>, run: DockerRunner): Promise<string> {
  const config = await run(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Image}}'], { env, timeoutMs: 60_000 });
  if (config.exitCode !== 0) throw new Error(`Reading the config of ${ref} failed: ${firstErrorLine(config)}.`);
  const image = JSON.parse(config.stdout || '{}') as { os?: string; architecture?: string; variant?: string };
  return platformName({ os: image.os ?? 'linux', architecture: image.architecture ?? 'unknown', ...(image.variant ? { variant: image.variant } : {}) });
}

/** Points more tags at a pushed manifest; the registry copies the reference, so the digest stays. */
export async function tagRemoteImage(client: string, source: string, tags: readonly string[], env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<void> {
  const result = await run(client, ['buildx', 'imagetools', 'create', ...tags.flatMap((tag) => ['--tag', tag]), source], { env, timeoutMs: 120_000 });
  if (result.exitCode !== 0) throw new Error(`Tagging ${source} as ${tags.join(', ')} failed: ${firstErrorLine(result)}.`);
}

export interface Provenance {
  buildType: string;
  builderId?: string;
}

type SlsaJson = { SLSA?: { buildDefinition?: { buildType?: string }; runDetails?: { builder?: { id?: string } } } } | null | undefined;

/**
 * `imagetools inspect --format '{{json .Provenance}}'` prints one provenance for a one-platform
 * image and a map by platform (`{"linux/amd64": {...}, "linux/arm64": {...}}`) for an index of
 * several: both as a map by platform (`''` for the one), without platforms that have none.
 */
export function parseProvenance(json: string): Record<string, Provenance> {
  const parsed = JSON.parse(json || 'null') as SlsaJson | Record<string, SlsaJson>;
  if (!parsed || typeof parsed !== 'object') return {};
  const byPlatform: Record<string, SlsaJson> = 'SLSA' in parsed ? { '': parsed as SlsaJson } : (parsed as Record<string, SlsaJson>);
  const found: Record<string, Provenance> = {};
  for (const [platform, provenance] of Object.entries(byPlatform)) {
    const buildType = provenance?.SLSA?.buildDefinition?.buildType;
    const builderId = provenance?.SLSA?.runDetails?.builder?.id;
    if (buildType) found[platform] = { buildType, ...(builderId ? { builderId } : {}) };
  }
  return found;
}

/** The SLSA provenance BuildKit attached beside an image, by platform (`''` for a one-platform image); empty when there is none. */
export async function remoteProvenance(client: string, ref: string, env: Record<string, string> = {}, run: DockerRunner = runDocker): Promise<Record<string, Provenance>> {
  const result = await run(client, ['buildx', 'imagetools', 'inspect', ref, '--format', '{{json .Provenance}}'], { env, timeoutMs: 60_000 });
  if (result.exitCode !== 0) throw new Error(`Reading the provenance of ${ref} failed: ${firstErrorLine(result)}.`);
  return parseProvenance(result.stdout);
}
