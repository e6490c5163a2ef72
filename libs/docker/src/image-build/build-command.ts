import { builderExports, type Builder } from '../engine/builder.ts';
import { buildArgv, type BuildArgv } from './build-argv.ts';
import type { LayerCache } from './layer-cache.ts';
import { platformTagSuffix, type Platform } from './platforms.ts';

export interface Revision {
  sha: string;
  shortSha: string;
  /** ISO time of the commit: a stable `created` label, so an unchanged commit builds an identical config. */
  committedAt: string;
  source?: string;
}

/** One stage of a service's Dockerfile, built as the Nx executor builds it. */
export interface BuildRequest {
  builder: Builder;
  dockerfile: string;
  context: string;
  target: string;
  image: string;
  buildArgs: Record<string, string>;
  extraTags: string[];
  revision?: Revision;
  /** PEM file passed as the BuildKit secret `ca-bundle` (never a build arg, so it never lands in a layer). */
  caBundle?: string;
  /** Where BuildKit imports and exports layers besides the engine (CI); see layer-cache.ts. */
  layerCache?: LayerCache;
  /** `--platform`; see BuildSpec. */
  platforms?: readonly string[];
  noCache?: boolean;
  pull?: boolean;
  /** Labels beyond the OCI revision ones (e.g. which bases the image was built on). */
  labels?: Record<string, string>;
  /**
   * Build untagged and write the image ID here. The caller applies `tags` only after its own checks
   * (size budget), so an image that fails them never moves `<image>:<stage>`.
   */
  iidFile?: string;
  /** Push from the builder instead of loading into the engine (publishing), or only check; see BuildSpec. */
  output?: 'load' | 'check' | { pushByDigest: string };
  attest?: { provenance?: boolean; sbom?: boolean };
  metadataFile?: string;
  /** The exact tags (registry refs when publishing) instead of `<image>:<stage>` and the sha tag. */
  tags?: string[];
}

export interface BuildCommand extends BuildArgv {
  /** The tags this image gets: applied by the build, or by the caller after its checks (iidFile). */
  tags: string[];
}

/** `<image>:<stage>` plus `<image>:<sha>` for prod and `<image>:<stage>-<sha>` for other stages. */
export function imageTags(image: string, target: string, revision: Revision | undefined, extra: readonly string[] = []): string[] {
  const tags = [`${image}:${target}`];
  if (revision) tags.push(target === 'prod' ? `${image}:${revision.shortSha}` : `${image}:${target}-${revision.shortSha}`);
  return [...tags, ...extra];
}

/**
 * The tags of one platform's image: the host's keeps `<image>:prod` and the rest; another platform
 * gets the same tags ending in `-linux-arm64`, since a 20.10 engine holds one platform per tag.
 */
export function platformTags(tags: readonly string[], platform: Platform, host: Platform): string[] {
  return platform === host ? [...tags] : tags.map((tag) => `${tag}${platformTagSuffix(platform)}`);
}

export function ociLabels(revision: Revision | undefined): Record<string, string> {
  if (!revision) return {};
  return {
    'org.opencontainers.image.revision': revision.sha,
    'org.opencontainers.image.created': revision.committedAt,
    ...(revision.source ? { 'org.opencontainers.image.source': revision.source } : {}),
  };
}

/** The argv, environment and tags of one service stage build: tags and OCI labels from the revision. */
export function buildCommand(request: BuildRequest): BuildCommand {
  const tags = request.tags ?? imageTags(request.image, request.target, request.revision, request.extraTags);
  const { args, env } = buildArgv(request.builder, {
    context: request.context,
    dockerfile: request.dockerfile,
    target: request.target,
    ...(request.iidFile ? { iidFile: request.iidFile } : { tags }),
    labels: { ...ociLabels(request.revision), ...request.labels },
    // A BuildKit daemon stamps the image config with the commit's time instead of now, so rebuilding
    // an unchanged commit gives the same image ID (and a re-publish the same digest). The engine's
    // BuildKit here (Docker 20.10) predates SOURCE_DATE_EPOCH and is not sent it.
    buildArgs: {
      ...request.buildArgs,
      ...(request.revision && builderExports(request.builder) ? { SOURCE_DATE_EPOCH: String(Math.floor(Date.parse(request.revision.committedAt) / 1000)) } : {}),
    },
    ...(request.caBundle ? { caBundle: request.caBundle } : {}),
    // One cache scope per image, stage and platform: a shared scope would let each build evict the others' layers.
    ...(request.layerCache ? { layerCache: { cache: request.layerCache, scope: layerCacheScope(request) } } : {}),
    ...(request.platforms?.length ? { platforms: request.platforms } : {}),
    ...(request.noCache ? { noCache: true } : {}),
    ...(request.pull ? { pull: true } : {}),
    ...(request.output ? { output: request.output } : {}),
    ...(request.attest ? { attest: request.attest } : {}),
    ...(request.metadataFile ? { metadataFile: request.metadataFile } : {}),
  });
  return { args, env, tags };
}

/** `<image>-<stage>`, and `-<os>-<arch>` after it when a build names its one platform. */
function layerCacheScope(request: BuildRequest): string {
  const scope = `${request.image}-${request.target}`;
  return request.platforms?.length === 1 ? `${scope}-${request.platforms[0]!.replaceAll('/', '-')}` : scope;
}
