import { describe, expect, it } from 'vitest';
import { buildCommand } from './build-command.ts';
import { layerCacheArgs, resolveLayerCache } from './layer-cache.ts';

describe('resolveLayerCache', () => {
  it('is off when BUILD_LAYER_CACHE is unset or empty', () => {
    expect(resolveLayerCache(undefined, 'classic-buildkit')).toBeUndefined();
    expect(resolveLayerCache('', 'buildx')).toBeUndefined();
  });

  it('accepts gha with buildx', () => {
    expect(resolveLayerCache('gha', 'buildx')).toBe('gha');
  });

  it('names the known backends for an unknown one', () => {
    expect(() => resolveLayerCache('s3', 'buildx')).toThrow('BUILD_LAYER_CACHE=s3 is not a known cache backend. Use one of: gha');
  });

  it('refuses the classic builder, which cannot export a cache, and says what to add', () => {
    expect(() => resolveLayerCache('gha', 'classic-buildkit')).toThrow(/needs docker buildx .*docker\/setup-buildx-action/);
  });
});

describe('layerCacheArgs', () => {
  it('imports and exports one scope, all stages kept, export errors tolerated', () => {
    expect(layerCacheArgs('gha', 'api-test')).toEqual([
      '--cache-from', 'type=gha,scope=api-test',
      '--cache-to', 'type=gha,mode=max,scope=api-test,ignore-error=true',
    ]);
  });

  it('gives each image and stage its own scope, before the context argument of a buildx build', () => {
    const { args } = buildCommand({
      mode: 'buildx', dockerfile: 'services/api/Dockerfile', context: '.', target: 'prod', image: 'api',
      buildArgs: {}, extraTags: [], layerCache: 'gha',
    });
    expect(args.slice(0, 3)).toEqual(['buildx', 'build', '--load']);
    expect(args.slice(-5)).toEqual(['--cache-from', 'type=gha,scope=api-prod', '--cache-to', 'type=gha,mode=max,scope=api-prod,ignore-error=true', '.']);
  });
});
