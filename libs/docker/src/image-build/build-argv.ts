import type { Builder } from '../engine/builder.ts';
import { layerCacheArgs, type LayerCache } from './layer-cache.ts';

/** The BuildKit secret id every network-using RUN mounts the proxy CA from (DESIGN.md section 2). */
export const CA_BUNDLE_SECRET = 'ca-bundle';

/** What one `docker build` is asked to do, before any client flag is chosen. */
export interface BuildSpec {
  /** Context directory, or `-` to read a lone Dockerfile from stdin. */
  context: string;
  dockerfile?: string;
  target?: string;
  tags?: readonly string[];
  /** Write the image ID here (`--iidfile`): how a build names exactly what it made. */
  iidFile?: string;
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  /** PEM file passed as the BuildKit secret `ca-bundle` (never a build arg, so it never lands in a layer). */
  caBundle?: string;
  /** Where BuildKit imports and exports layers besides the engine (CI); see layer-cache.ts. */
  layerCache?: { cache: LayerCache; scope: string };
  /**
   * `--platform`: the platforms to build for (default: the builder's own). A Docker 20.10 engine
   * holds one platform per tag, so loading takes exactly one; a push takes several (one index).
   */
  platforms?: readonly string[];
  /** Ignore BuildKit's layer cache (cold-build timing, re-running a stage's tests); cache mounts still persist. */
  noCache?: boolean;
  /** Pull newer base images (`--pull`): the weekly drift build. */
  pull?: boolean;
  /** Print only the image ID instead of BuildKit's plain progress. */
  quiet?: boolean;
  /**
   * `load` (default): into the engine. `{ pushByDigest: <repository> }`: from the builder straight
   * to the registry, untagged (a buildx builder only); the caller tags it after checking it.
   * `check`: build nothing, run BuildKit's Dockerfile checks (`--check`, and CopyIgnoredFile);
   * a buildx builder on a BuildKit daemon only (the engine's 20.10 BuildKit has no checks).
   */
  output?: 'load' | 'check' | { pushByDigest: string };
  /** Attestations BuildKit attaches to a pushed image: SLSA provenance (`mode=max`), an SPDX SBOM. */
  attest?: { provenance?: boolean; sbom?: boolean };
  /** buildx writes the pushed digests here (`containerimage.digest`, `containerimage.config.digest`). */
  metadataFile?: string;
}

export interface BuildArgv {
  args: string[];
  /** Environment the client needs for this build (DOCKER_BUILDKIT=1 on the classic CLI). */
  env: Record<string, string>;
}

/**
 * How a build starts on this builder: `buildx build --builder <name> --load` (the image goes into
 * the engine either way), or the classic CLI with BuildKit switched on.
 */
export function builderInvocation(builder: Builder, output: BuildSpec['output'] = 'load'): BuildArgv {
  if (output === 'check' && builder.kind !== 'buildx') {
    throw new Error(`Dockerfile checks need the BuildKit daemon's buildx builder, and this run uses ${builder.reason || "the engine's BuildKit"}, which has none: run \`npm run setup\` and unset BUILDER.`);
  }
  if (output !== 'load' && output !== 'check' && builder.kind !== 'buildx') {
    throw new Error(`Pushing from the build needs a buildx builder, and this build runs on ${builder.reason || "the engine's BuildKit"}; push the loaded image instead.`);
  }
  if (builder.kind === 'engine' && builder.invocation === 'classic-cli') return { args: ['build'], env: { DOCKER_BUILDKIT: '1' } };
  const name = builder.kind === 'buildx' ? builder.name : 'default';
  const destination =
    output === 'load' ? ['--load'] : output === 'check' ? ['--check'] : ['--output', `type=image,name=${output.pushByDigest},push-by-digest=true,push=true`];
  return { args: ['buildx', 'build', '--builder', name, ...destination], env: {} };
}

/** The one place a `docker build` command line is assembled; decided without running anything. */
export function buildArgv(builder: Builder, spec: BuildSpec): BuildArgv {
  const platforms = spec.platforms ?? [];
  if (platforms.length > 1 && (spec.output ?? 'load') === 'load') {
    throw new Error(`A Docker 20.10 engine cannot load a multi-platform image (${platforms.join(', ')}): build one platform at a time into the engine, or push them together as one index.`);
  }
  const invocation = builderInvocation(builder, spec.output);
  const args = [
    ...invocation.args,
    spec.quiet ? '--quiet' : '--progress=plain',
    ...(spec.noCache ? ['--no-cache'] : []),
    ...(spec.pull ? ['--pull'] : []),
    ...(spec.dockerfile ? ['--file', spec.dockerfile] : []),
    ...(spec.target ? ['--target', spec.target] : []),
    ...(platforms.length > 0 ? ['--platform', platforms.join(',')] : []),
    ...(spec.iidFile ? ['--iidfile', spec.iidFile] : []),
    ...(spec.tags ?? []).flatMap((tag) => ['--tag', tag]),
    ...Object.entries(spec.labels ?? {}).flatMap(([key, value]) => ['--label', `${key}=${value}`]),
    ...Object.entries(spec.buildArgs ?? {}).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    // One experimental rule too: CopyIgnoredFile catches a COPY of a path .dockerignore keeps out.
    // Not InvalidDefinitionDescription, the other one: it wants every comment above a FROM or ARG
    // to start with the stage's or ARG's name (for --call=outline), and ours explain why instead.
    ...(spec.output === 'check' ? ['--build-arg', 'BUILDKIT_DOCKERFILE_CHECK=experimental=CopyIgnoredFile'] : []),
    ...(spec.caBundle ? ['--secret', `id=${CA_BUNDLE_SECRET},src=${spec.caBundle}`] : []),
    ...(spec.layerCache ? layerCacheArgs(spec.layerCache.cache, spec.layerCache.scope) : []),
    ...(spec.attest?.provenance ? ['--provenance', 'mode=max'] : []),
    ...(spec.attest?.sbom ? ['--sbom', 'true'] : []),
    ...(spec.metadataFile ? ['--metadata-file', spec.metadataFile] : []),
    spec.context,
  ];
  return { args, env: invocation.env };
}
