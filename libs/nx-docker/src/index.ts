// @polystage/nx-docker: the Dockerfile model, base-image mirrors and the Nx plugin + build executor.
// Talking to the engine (client, builds, inspect, build records) is @polystage/docker's job.
export { parseDockerfile } from './dockerfile/parse.ts';
export { DockerfileError } from './dockerfile/errors.ts';
export type { BaseImageArg, BuildStage, DockerfileModel, StageBase } from './dockerfile/model.ts';
export { findStage, stageClosure, contextSourcesFor } from './dockerfile/stage-closure.ts';
export { runsOnBuildPlatform } from './dockerfile/build-platform.ts';
export { MIRROR_DECISION_FILE, OFFLINE_MIRROR, STAND_IN_BASES_LABEL, mirroredRef, withoutDigest, mirroredBuildArgs, resolveMirror, readMirrorDecision, writeMirrorDecision } from './base-images/mirror.ts';
export { serviceBuildArgs, stageBaseImages, type StageBaseImage } from './base-images/build-args.ts';
export { readRevision } from './git/revision.ts';
export { STACKS, STACK_NAMES, type StackDescriptor, type StackName } from './generators/service/stacks/index.ts';
