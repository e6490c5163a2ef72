import type { TargetConfiguration } from '@nx/devkit';
import type { DockerfileModel } from '../dockerfile/model.ts';
import { contextSourcesFor } from '../dockerfile/stage-closure.ts';
import type { DockerBuildOptions } from '../executors/build/schema.ts';
import { dockerTaskInputs } from './inputs.ts';

export const EXECUTOR = '@polystage/nx-docker:build';

/** Stages that only check something (tests): their success can be replayed from the Nx cache. */
const CHECK_STAGES = new Set(['test']);

/**
 * `docker-<stage>` for the main `Dockerfile`; `docker-<variant>-<stage>` for `<variant>.Dockerfile`
 * beside it, so a second Dockerfile in one project never shadows the first.
 */
export function targetName(stage: string, variant?: string): string {
  return variant ? `docker-${variant}-${stage}` : `docker-${stage}`;
}

export function inferDockerTargets(model: DockerfileModel, variant?: string): Record<string, TargetConfiguration<DockerBuildOptions>> {
  const named = model.stages.filter((stage) => stage.named);
  const hasTest = named.some((stage) => stage.name === 'test');
  const targets: Record<string, TargetConfiguration<DockerBuildOptions>> = {};
  for (const stage of named) {
    const cacheable = CHECK_STAGES.has(stage.name);
    targets[targetName(stage.name, variant)] = {
      executor: EXECUTOR,
      options: { dockerfile: model.file, target: stage.name },
      // Image-producing builds always run: an Nx cache hit cannot put an image back into the engine,
      // and BuildKit's own layer cache makes an unchanged rebuild a few seconds anyway.
      cache: cacheable,
      ...(cacheable ? { inputs: dockerTaskInputs(model.file, contextSourcesFor(model, stage.name)), outputs: [] } : {}),
      ...(stage.name === 'prod' && hasTest ? { dependsOn: [targetName('test', variant)] } : {}),
      metadata: {
        technologies: ['docker'],
        description: `docker build --target ${stage.name} (${model.file}:${stage.line})`,
      },
    };
  }
  return targets;
}
