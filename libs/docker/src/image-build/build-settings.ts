import type { Engine } from '../engine/connect.ts';
import { resolveCaBundle } from './ca-bundle.ts';
import { envFlag } from './env-flags.ts';
import { resolveLayerCache, type LayerCache } from './layer-cache.ts';

/** What the environment asks of every build on this machine (README, "Environment variables"). */
export interface BuildSettings {
  caBundle?: string;
  layerCache?: LayerCache;
  noCache: boolean;
  pull: boolean;
}

/**
 * BUILD_CA_BUNDLE, BUILD_LAYER_CACHE, BUILD_NO_CACHE and BUILD_PULL, read in one place, so the
 * executor, the bench and the stand-in builds cannot drift apart in how they build.
 * `workspaceRoot` resolves a relative BUILD_CA_BUNDLE.
 */
export function buildSettings(engine: Pick<Engine, 'builder'>, workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): BuildSettings {
  const caBundle = resolveCaBundle(workspaceRoot, env);
  const layerCache = resolveLayerCache(env['BUILD_LAYER_CACHE'], engine.builder, env);
  return {
    ...(caBundle ? { caBundle } : {}),
    ...(layerCache ? { layerCache } : {}),
    noCache: envFlag(env, 'BUILD_NO_CACHE'),
    pull: envFlag(env, 'BUILD_PULL'),
  };
}
