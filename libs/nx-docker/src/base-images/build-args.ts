import type { DockerfileModel } from '../dockerfile/model.ts';
import { stageClosure } from '../dockerfile/stage-closure.ts';
import { mirroredBuildArgs } from './mirror.ts';

/**
 * The build args of one service build: every `*_IMAGE` ARG rewritten through the mirror, then the
 * target's own `buildArgs`, which win (a project can pin one base while the rest come from stand-ins).
 */
export function serviceBuildArgs(model: DockerfileModel, mirror: string | undefined, explicit: Record<string, string> = {}): Record<string, string> {
  return { ...mirroredBuildArgs(model.baseImageArgs, mirror, model.file), ...explicit };
}

export interface StageBaseImage {
  /** The `*_IMAGE` ARG that names it, when the FROM uses one. */
  arg?: string;
  /** The ref the build pulls or finds locally: the ARG's build arg when given, else its default. */
  ref: string;
}

/** The images the stages of `target` start FROM, once each, in Dockerfile order. */
export function stageBaseImages(model: DockerfileModel, target: string, buildArgs: Record<string, string>): StageBaseImage[] {
  const seen = new Set<string>();
  const bases: StageBaseImage[] = [];
  for (const stage of stageClosure(model, target)) {
    if (stage.base.kind !== 'image') continue;
    const { arg } = stage.base;
    const ref = (arg ? buildArgs[arg] : undefined) ?? stage.base.ref;
    if (seen.has(ref)) continue;
    seen.add(ref);
    bases.push(arg ? { arg, ref } : { ref });
  }
  return bases;
}
