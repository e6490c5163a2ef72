import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildSettings, type BuildRequest, type Engine, type Platform, type Revision } from '@polystage/docker';
import { serviceBuildArgs } from '../../base-images/build-args.ts';
import { resolveMirror, STAND_IN_BASES_LABEL, type ResolvedMirror } from '../../base-images/mirror.ts';
import type { DockerfileModel } from '../../dockerfile/model.ts';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { findStage } from '../../dockerfile/stage-closure.ts';
import { readRevision } from '../../git/revision.ts';
import type { DockerBuildOptions } from './schema.ts';
import { stagePlatforms } from './stage-platforms.ts';

/** Everything one stage build is made of, decided before anything runs. */
export interface StageBuild {
  model: DockerfileModel;
  mirror?: ResolvedMirror;
  revision?: Revision;
  /**
   * The prod stage's platforms, the host's first when built (stage-platforms.ts), decided once here
   * so docker-prod builds and docker-publish pushes the same; undefined for other stages (no `--platform`).
   */
  platforms?: Platform[];
  /** What `buildCommand` turns into an argv; the build executor adds its iidfile, publish its push. */
  request: BuildRequest;
}

/**
 * The one plan of a stage build, shared by the build executor and publish (which rebuilds the
 * same request from the builder's cache to push it), so the two cannot drift apart.
 */
export async function planStageBuild(options: DockerBuildOptions, root: string, project: string, engine: Engine): Promise<StageBuild> {
  const model = parseDockerfile(await readFile(resolve(root, options.dockerfile), 'utf8'), options.dockerfile);
  findStage(model, options.target);
  const platforms = stagePlatforms(options, engine.builder);
  const mirror = await resolveMirror(root);
  const revision = await readRevision(root);
  return {
    model,
    ...(mirror ? { mirror } : {}),
    ...(revision ? { revision } : {}),
    ...(platforms ? { platforms } : {}),
    request: {
      builder: engine.builder,
      dockerfile: options.dockerfile,
      context: options.context ?? '.',
      target: options.target,
      image: options.image ?? project,
      buildArgs: serviceBuildArgs(model, mirror?.mirror, options.buildArgs),
      extraTags: options.tags ?? [],
      ...(revision ? { revision } : {}),
      ...buildSettings(engine, root),
      labels: mirror ? { [STAND_IN_BASES_LABEL]: mirror.mirror } : {},
    },
  };
}
