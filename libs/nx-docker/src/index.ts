export { parseDockerfile } from './dockerfile/parse.ts';
export { DockerfileError } from './dockerfile/errors.ts';
export type { BaseImageArg, BuildStage, DockerfileModel, StageBase } from './dockerfile/model.ts';
export { findStage, stageClosure, contextSourcesFor } from './dockerfile/stage-closure.ts';
export { OFFLINE_MIRROR, mirroredRef, mirroredBuildArgs, resolveMirror, readMirrorDecision, writeMirrorDecision } from './base-images/mirror.ts';
export { detectDockerCli, dockerClientsOnPath, type DockerCli, type BuildMode } from './engine/docker-cli.ts';
export { probeEngine, assertEngineAnswers } from './engine/engine.ts';
export { DockerEngineError } from './engine/errors.ts';
export { buildCommand, imageTags, ociLabels, CA_BUNDLE_SECRET } from './build/build-command.ts';
