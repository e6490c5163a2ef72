import type { TargetConfiguration } from '@nx/devkit';
import { stageBaseImages } from '../base-images/build-args.ts';
import type { BuildStage, DockerfileModel } from '../dockerfile/model.ts';
import { contextSourcesFor, leafStages } from '../dockerfile/stage-closure.ts';
import type { DockerBuildOptions } from '../executors/build/schema.ts';
import type { DockerLintOptions } from '../executors/lint/schema.ts';
import type { DockerPublishOptions } from '../executors/publish/schema.ts';
import { dockerTaskInputs, prodTaskInputs } from './inputs.ts';
import type { NormalizedDockerPluginOptions } from './options.ts';

export const EXECUTOR = '@polystage/nx-docker:build';
export const PUBLISH_EXECUTOR = '@polystage/nx-docker:publish';
export const LINT_EXECUTOR = '@polystage/nx-docker:lint';

/** The stage whose image ships, for every platform asked; it depends on every check stage the Dockerfile has. */
export const PROD_STAGE = 'prod';

/**
 * `<prefix><stage>` for the main `Dockerfile`; `<prefix><variant>-<stage>` for `<variant>.Dockerfile`
 * beside it, so a second Dockerfile in one project never shadows the first.
 */
export function targetName(options: Pick<NormalizedDockerPluginOptions, 'targetPrefix'>, stage: string, variant?: string): string {
  return `${options.targetPrefix}${variant ? `${variant}-` : ''}${stage}`;
}

/** The named stages that become targets: the listed and check stages, those nothing builds on, and helpers when asked. */
export function targetStages(model: DockerfileModel, options: NormalizedDockerPluginOptions): BuildStage[] {
  const leaves = new Set(leafStages(model).map((stage) => stage.name));
  return model.stages.filter(
    (stage) =>
      stage.named &&
      (options.helperStages === 'targets' || options.stages.includes(stage.name) || options.checkStages.includes(stage.name) || leaves.has(stage.name)),
  );
}

export function inferDockerTargets(
  model: DockerfileModel,
  options: NormalizedDockerPluginOptions,
  variant?: string,
): Record<string, TargetConfiguration<DockerBuildOptions | DockerPublishOptions | DockerLintOptions>> {
  const stages = targetStages(model, options);
  const checks = stages.filter((stage) => options.checkStages.includes(stage.name)).map((stage) => targetName(options, stage.name, variant));
  const targets: Record<string, TargetConfiguration<DockerBuildOptions | DockerPublishOptions | DockerLintOptions>> = {};
  for (const stage of stages) {
    const cacheable = options.checkStages.includes(stage.name);
    targets[targetName(options, stage.name, variant)] = {
      executor: EXECUTOR,
      options: { dockerfile: model.file, target: stage.name },
      // Image-producing builds always run: an Nx cache hit cannot put an image back into the engine,
      // and BuildKit's own layer cache makes an unchanged rebuild a few seconds anyway.
      cache: cacheable,
      ...(cacheable
        ? { inputs: dockerTaskInputs(model.file, contextSourcesFor(model, stage.name), stageBaseImages(model, stage.name, {})), outputs: [] }
        : stage.name === PROD_STAGE
          ? { inputs: prodTaskInputs() }
          : {}),
      ...(stage.name === PROD_STAGE && checks.length > 0 ? { dependsOn: checks } : {}),
      metadata: {
        technologies: ['docker'],
        description: `docker build --target ${stage.name} (${model.file}:${stage.line})`,
      },
    };
  }
  const lint = targetName(options, 'lint', variant);
  if (!targets[lint]) {
    targets[lint] = {
      executor: LINT_EXECUTOR,
      options: { dockerfile: model.file },
      // Reads only the Dockerfile, the .dockerignore and which context files exist: cached on those.
      cache: true,
      inputs: dockerTaskInputs(model.file, model.stages.flatMap((stage) => stage.contextSources), []),
      outputs: [],
      metadata: { technologies: ['docker'], description: `docker buildx build --check (${model.file}): BuildKit's Dockerfile checks, builds nothing` },
    };
  }
  if (stages.some((stage) => stage.name === PROD_STAGE)) {
    const prod = targetName(options, PROD_STAGE, variant);
    targets[targetName(options, 'publish', variant)] = {
      executor: PUBLISH_EXECUTOR,
      options: { buildTarget: prod },
      // The image that was built and then passed its smoke tests, never one built just for this.
      dependsOn: [prod, ...options.publishAfter],
      cache: false,
      inputs: prodTaskInputs(),
      metadata: { technologies: ['docker'], description: `push the image ${prod} built to IMAGE_REGISTRY, by digest, with provenance` },
    };
  }
  return targets;
}
