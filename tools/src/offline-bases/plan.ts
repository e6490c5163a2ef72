import { createHash } from 'node:crypto';
import { hostPlatform, platformSlug, type Engine, type Platform } from '@polystage/docker';
import { mirroredRef } from '@polystage/nx-docker';
import type { RequestedRef } from './collect-refs.ts';
import { standInLabelsOf } from './local-stand-ins.ts';
import { hashRecipe } from './recipe-hash.ts';
import { findRecipe, UnknownBaseImageError, type ResolvedRecipe } from './recipes.ts';

export type StandInState = 'current' | 'stale' | 'missing';

export interface PlannedStandIn {
  ref: string;
  tag: string;
  hash: string;
  resolved: ResolvedRecipe;
  from: string[];
  state: StandInState;
  /** The versions label of the stand-in now under `tag`, if any (versions.ts). */
  versions?: string;
}

/**
 * Where the stand-ins of `platform` are tagged: the host's own under `<mirror>/` (as before
 * platforms existed), another platform's under `<mirror>/<os>-<arch>/`, because the engine keeps
 * one platform per tag (`polystage.local/linux-arm64/debian:trixie-slim`).
 */
export function platformMirror(mirror: string, platform: Platform, host: Platform = hostPlatform()): string {
  const base = mirror.replace(/\/+$/, '');
  return platform === host ? base : `${base}/${platformSlug(platform)}`;
}

/** Resolves recipes for the requested refs plus the stand-ins they are built FROM, dependencies first. */
export function resolveWithDependencies(requests: readonly RequestedRef[], platform: Platform = hostPlatform()): Array<{ resolved: ResolvedRecipe; from: string[] }> {
  const ordered = new Map<string, { resolved: ResolvedRecipe; from: string[] }>();
  const visit = (ref: string, from: string[]) => {
    const existing = ordered.get(ref);
    if (existing) {
      existing.from.push(...from.filter((f) => !existing.from.includes(f)));
      return;
    }
    let resolved: ResolvedRecipe;
    try {
      resolved = findRecipe(ref, platform);
    } catch (error) {
      if (error instanceof UnknownBaseImageError && from.length > 0) error.message += ` (asked for by ${from.join(', ')})`;
      throw error;
    }
    for (const baseRef of Object.values(resolved.baseImages)) visit(baseRef, [`base of ${ref}`]);
    ordered.set(ref, { resolved, from: [...from] });
  };
  for (const request of requests) visit(request.ref, request.from);
  return [...ordered.values()];
}

/** Which stand-ins of `platform` (the host's unless told) exist with the current recipe hash, which are stale, which are missing. */
export async function planStandIns(requests: readonly RequestedRef[], mirror: string, engine: Pick<Engine, 'client'>, platform: Platform = hostPlatform()): Promise<PlannedStandIn[]> {
  const resolved = resolveWithDependencies(requests, platform);
  const tagPrefix = platformMirror(mirror, platform);
  // A stand-in's hash folds in the hashes of the stand-ins it is built FROM (planned first), so a
  // rebuilt base makes everything above it stale instead of leaving it on the old base.
  const hashes = new Map<string, string>();
  const withHashes = [];
  for (const { resolved: r, from } of resolved) {
    const bases = Object.values(r.baseImages).map((ref) => hashes.get(ref) ?? '');
    const hash = bases.length === 0 ? await hashRecipe(r) : createHash('sha256').update([await hashRecipe(r), ...bases].join('\n')).digest('hex');
    hashes.set(r.ref, hash);
    withHashes.push({ ref: r.ref, tag: mirroredRef(tagPrefix, r.ref), hash, resolved: r, from });
  }
  const labels = await standInLabelsOf(engine, withHashes.map((s) => s.tag));
  return withHashes.map((standIn) => {
    const found = labels.get(standIn.tag);
    const state: StandInState = found?.hash === undefined ? 'missing' : found.hash === standIn.hash ? 'current' : 'stale';
    return { ...standIn, state, ...(found?.versions ? { versions: found.versions } : {}) };
  });
}
