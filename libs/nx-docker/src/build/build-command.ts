import type { BuildMode } from '../engine/docker-cli.ts';
import { layerCacheArgs, type LayerCacheBackend } from './layer-cache.ts';

export interface Revision {
  sha: string;
  shortSha: string;
  /** ISO time of the commit: a stable `created` label, so an unchanged commit builds an identical config. */
  committedAt: string;
  source?: string;
}

export interface BuildRequest {
  mode: BuildMode;
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
  layerCache?: LayerCacheBackend;
  /** Ignore BuildKit's layer cache (cold-build timing, re-running a stage's tests); cache mounts still persist. */
  noCache?: boolean;
  /** Pull newer base images (`--pull`): the weekly drift build. */
  pull?: boolean;
  /** Labels beyond the OCI revision ones (e.g. which bases the image was built on). */
  labels?: Record<string, string>;
  /**
   * Build untagged and write the image ID here. The caller applies `tags` only after its own checks
   * (size budget), so an image that fails them never moves `<image>:<stage>`.
   */
  iidFile?: string;
}

export interface BuildCommand {
  args: string[];
  env: Record<string, string>;
  tags: string[];
}

export const CA_BUNDLE_SECRET = 'ca-bundle';

/** `<image>:<stage>` plus `<image>:<sha>` for prod and `<image>:<stage>-<sha>` for other stages. */
export function imageTags(image: string, target: string, revision: Revision | undefined, extra: readonly string[] = []): string[] {
  const tags = [`${image}:${target}`];
  if (revision) tags.push(target === 'prod' ? `${image}:${revision.shortSha}` : `${image}:${target}-${revision.shortSha}`);
  return [...tags, ...extra];
}

export function ociLabels(revision: Revision | undefined): Record<string, string> {
  if (!revision) return {};
  return {
    'org.opencontainers.image.revision': revision.sha,
    'org.opencontainers.image.created': revision.committedAt,
    ...(revision.source ? { 'org.opencontainers.image.source': revision.source } : {}),
  };
}

/** How a build starts with this client: `buildx build --load`, or the classic CLI with BuildKit switched on. */
export function builderInvocation(mode: BuildMode): { args: string[]; env: Record<string, string> } {
  return mode === 'buildx' ? { args: ['buildx', 'build', '--load'], env: {} } : { args: ['build'], env: { DOCKER_BUILDKIT: '1' } };
}

/** The argv and environment of one `docker build`, decided without running anything. */
export function buildCommand(request: BuildRequest): BuildCommand {
  const invocation = builderInvocation(request.mode);
  const tags = imageTags(request.image, request.target, request.revision, request.extraTags);
  const args = [
    ...invocation.args,
    '--progress=plain',
    ...(request.noCache ? ['--no-cache'] : []),
    ...(request.pull ? ['--pull'] : []),
    '--file', request.dockerfile,
    '--target', request.target,
    ...(request.iidFile ? ['--iidfile', request.iidFile] : tags.flatMap((tag) => ['--tag', tag])),
    ...Object.entries({ ...ociLabels(request.revision), ...request.labels }).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    ...Object.entries(request.buildArgs).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    ...(request.caBundle ? ['--secret', `id=${CA_BUNDLE_SECRET},src=${request.caBundle}`] : []),
    ...layerCacheArgs(request.layerCache, request.image, request.target),
    request.context,
  ];
  return { args, env: invocation.env, tags };
}
