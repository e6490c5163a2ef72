import { builderExports, type Builder } from '../engine/builder.ts';

/**
 * BuildKit's layer cache outside the engine, so it survives between CI runs on fresh machines.
 * `BUILD_LAYER_CACHE=gha` exports to and imports from the GitHub Actions cache service, one
 * scope per image and stage (a shared scope would let each build evict the others' layers);
 * `mode=max` keeps the deps/test/build stages too, which is where the time goes. Unset: the
 * engine's local cache only, which is all a developer machine needs.
 */
export const LAYER_CACHE_BACKENDS = ['gha'] as const;
export type LayerCacheBackend = (typeof LAYER_CACHE_BACKENDS)[number];

export function resolveLayerCache(value: string | undefined, builder: Builder): LayerCacheBackend | undefined {
  if (!value) return undefined;
  if (!(LAYER_CACHE_BACKENDS as readonly string[]).includes(value)) {
    throw new Error(`BUILD_LAYER_CACHE=${value} is not a known cache backend. Use one of: ${LAYER_CACHE_BACKENDS.join(', ')}, or unset it.`);
  }
  if (!builderExports(builder)) {
    throw new Error(
      `BUILD_LAYER_CACHE=${value} needs a buildx builder backed by a BuildKit daemon (driver remote or docker-container); the engine's own BuildKit cannot export a cache. ` +
        'In GitHub Actions add docker/setup-buildx-action before the build, or unset BUILD_LAYER_CACHE.',
    );
  }
  return value as LayerCacheBackend;
}

export function layerCacheArgs(backend: LayerCacheBackend, scope: string): string[] {
  // ignore-error: a full or unreachable cache service must not fail a build that succeeded.
  return ['--cache-from', `type=${backend},scope=${scope}`, '--cache-to', `type=${backend},mode=max,scope=${scope},ignore-error=true`];
}
