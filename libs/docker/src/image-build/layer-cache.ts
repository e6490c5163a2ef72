import { builderExports, type Builder } from '../engine/builder.ts';

/**
 * BuildKit's layer cache outside the builder, so it survives between CI runs on fresh machines
 * and a builder with an empty state rebuilds from it. One cache per image and stage (a shared one
 * would let each build evict the others' layers); `mode=max` keeps the deps/test/build stages
 * too, which is where the time goes. Unset: the builder's local cache only, which is all a
 * developer machine needs.
 *   gha       the GitHub Actions cache service, one scope per image and stage
 *   registry  `<IMAGE_REGISTRY>/buildcache:<image>-<stage>`: any registry, e.g. the one images are published to
 */
export const LAYER_CACHE_BACKENDS = ['gha', 'registry'] as const;
export type LayerCacheBackend = (typeof LAYER_CACHE_BACKENDS)[number];
export type LayerCache = { backend: 'gha' } | { backend: 'registry'; registry: string };

export function resolveLayerCache(value: string | undefined, builder: Builder, env: NodeJS.ProcessEnv = process.env): LayerCache | undefined {
  if (!value) return undefined;
  if (!(LAYER_CACHE_BACKENDS as readonly string[]).includes(value)) {
    throw new Error(`BUILD_LAYER_CACHE=${value} is not a known cache backend. Use one of: ${LAYER_CACHE_BACKENDS.join(', ')}, or unset it.`);
  }
  if (!builderExports(builder)) {
    throw new Error(
      `BUILD_LAYER_CACHE=${value} needs a buildx builder backed by a BuildKit daemon (driver remote or docker-container); the engine's own BuildKit cannot export a cache. ` +
        'Run `npm run setup` (it starts one) or, in GitHub Actions, add docker/setup-buildx-action before the build; or unset BUILD_LAYER_CACHE.',
    );
  }
  if (value === 'registry') {
    const registry = env['IMAGE_REGISTRY']?.trim().replace(/\/+$/, '');
    if (!registry) throw new Error('BUILD_LAYER_CACHE=registry keeps the cache under IMAGE_REGISTRY, which is not set: set it (e.g. IMAGE_REGISTRY=127.0.0.1:5000/acme), or unset BUILD_LAYER_CACHE.');
    return { backend: 'registry', registry };
  }
  return { backend: 'gha' };
}

/** `--cache-from` and `--cache-to` for one image and stage (`scope` = `<image>-<stage>`). */
export function layerCacheArgs(cache: LayerCache, scope: string): string[] {
  const where = cache.backend === 'gha' ? `type=gha,scope=${scope}` : `type=registry,ref=${cache.registry}/buildcache:${scope}`;
  // ignore-error: a full or unreachable cache must not fail a build that succeeded.
  return ['--cache-from', where, '--cache-to', `${where},mode=max,ignore-error=true`];
}
