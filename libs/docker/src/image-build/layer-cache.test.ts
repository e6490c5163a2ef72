import { describe, expect, it } from 'vitest';
import type { Builder } from '../engine/builder.ts';
import { buildCommand } from './build-command.ts';
import { layerCacheArgs, resolveLayerCache } from './layer-cache.ts';

const ENGINE: Builder = { kind: 'engine', invocation: 'classic-cli', reason: '' };
const DAEMON: Builder = { kind: 'buildx', name: 'polystage', driver: 'remote', reason: '' };
const DOCKER_DRIVER: Builder = { kind: 'buildx', name: 'default', driver: 'docker', reason: '' };

describe('resolveLayerCache', () => {
  it('is off when BUILD_LAYER_CACHE is unset or empty', () => {
    expect(resolveLayerCache(undefined, ENGINE)).toBeUndefined();
    expect(resolveLayerCache('', DAEMON)).toBeUndefined();
  });

  it('accepts gha on a builder backed by a BuildKit daemon', () => {
    expect(resolveLayerCache('gha', DAEMON)).toEqual({ backend: 'gha' });
  });

  it('names the known backends for an unknown one', () => {
    expect(() => resolveLayerCache('s3', DAEMON)).toThrow('BUILD_LAYER_CACHE=s3 is not a known cache backend. Use one of: gha, registry');
  });

  it("refuses the engine's own BuildKit, through either client, which cannot export a cache, and says what to add", () => {
    expect(() => resolveLayerCache('gha', ENGINE)).toThrow(/needs a buildx builder backed by a BuildKit daemon .*docker\/setup-buildx-action/);
    expect(() => resolveLayerCache('gha', DOCKER_DRIVER)).toThrow(/needs a buildx builder backed by a BuildKit daemon/);
  });
});

describe('the registry cache', () => {
  it('keeps one ref per image and stage under IMAGE_REGISTRY, and needs IMAGE_REGISTRY', () => {
    const cache = resolveLayerCache('registry', DAEMON, { IMAGE_REGISTRY: '127.0.0.1:5000/acme/' });
    expect(cache).toEqual({ backend: 'registry', registry: '127.0.0.1:5000/acme' });
    expect(layerCacheArgs(cache!, 'api-deps')).toEqual([
      '--cache-from', 'type=registry,ref=127.0.0.1:5000/acme/buildcache:api-deps',
      '--cache-to', 'type=registry,ref=127.0.0.1:5000/acme/buildcache:api-deps,mode=max,ignore-error=true',
    ]);
    expect(() => resolveLayerCache('registry', DAEMON, {})).toThrow(/^BUILD_LAYER_CACHE=registry keeps the cache under IMAGE_REGISTRY, which is not set/);
  });
});

describe('layerCacheArgs', () => {
  it('imports and exports one scope, all stages kept, export errors tolerated', () => {
    expect(layerCacheArgs({ backend: 'gha' }, 'api-test')).toEqual([
      '--cache-from', 'type=gha,scope=api-test',
      '--cache-to', 'type=gha,scope=api-test,mode=max,ignore-error=true',
    ]);
  });

  it('gives each image and stage its own scope, before the context argument of a buildx build', () => {
    const { args } = buildCommand({
      builder: DAEMON, dockerfile: 'services/api/Dockerfile', context: '.', target: 'prod', image: 'api',
      buildArgs: {}, extraTags: [], layerCache: { backend: 'gha' },
    });
    expect(args.slice(0, 5)).toEqual(['buildx', 'build', '--builder', 'polystage', '--load']);
    expect(args.slice(-5)).toEqual(['--cache-from', 'type=gha,scope=api-prod', '--cache-to', 'type=gha,scope=api-prod,mode=max,ignore-error=true', '.']);
  });
});
