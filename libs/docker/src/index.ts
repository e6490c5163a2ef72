// @polystage/docker: the one way into the Docker engine. Nothing else in the workspace spawns the
// docker client or reads DOCKER_HOST.
export { DockerEngineError } from './errors.ts';
export { runDocker, firstErrorLine, type DockerRunner, type RunResult, type RunOptions } from './run-docker.ts';

// Connecting: which client, which builder, which engine, and why.
export { connectEngine, engineFor, describeEngine, type Engine, type ConnectOptions } from './engine/connect.ts';
export { detectDockerClient, dockerClientsOnPath, type DockerClient, type BuildMode } from './engine/detect-client.ts';
export { resolveBuilder, engineBuildKit, ensureRemoteBuilder, removeBuilder, remoteBuilderName, inspectBuilder, parseBuilderInspect, builderExports, describeBuilder, POLYSTAGE_BUILDER, type Builder } from './engine/builder.ts';
export { resolveEngineHost, DEFAULT_ENGINE_HOST, type EngineHost } from './engine/engine-host.ts';
export { probeEngine, assertEngineAnswers, type EngineStatus } from './engine/probe-engine.ts';
export { probePull, type PullProbe, type PullProbeOptions } from './engine/pull-probe.ts';

// Building.
export { buildArgv, builderInvocation, CA_BUNDLE_SECRET, type BuildSpec, type BuildArgv } from './image-build/build-argv.ts';
export { buildCommand, imageTags, platformTags, ociLabels, type BuildCommand, type BuildRequest, type Revision } from './image-build/build-command.ts';
export { buildSettings, type BuildSettings } from './image-build/build-settings.ts';
export { resolveCaBundle, HOST_CA_BUNDLE } from './image-build/ca-bundle.ts';
export { envFlag } from './image-build/env-flags.ts';
export { BINFMT_ROOT, BINFMT_TARGETS, registrationLine, parseBinfmtEntry, entryProblem, emulationProblem, type BinfmtTarget, type BinfmtEntry } from './emulation/binfmt-entries.ts';
export { parsePlatforms, platformsFromEnv, hostPlatform, resolvePlatforms, platformArch, platformSlug, platformTagSuffix, SUPPORTED_PLATFORMS, type Platform } from './image-build/platforms.ts';
export { resolveLayerCache, layerCacheArgs, LAYER_CACHE_BACKENDS, type LayerCacheBackend, type LayerCache } from './image-build/layer-cache.ts';
export { runBuild, readImageId, outputTail, type BuildRun, type RunBuildOptions } from './image-build/run-build.ts';

// Images and containers.
export { inspectImage, inspectImages, namesImage, withExplicitTag, shortImageId, type ImageFacts } from './image/inspect-image.ts';
export { imageLayers, type LayerSize } from './image/image-layers.ts';
export { MB, judgeSize, formatMb, type SizeVerdict } from './image/image-size.ts';
export { parseSizeBudget, type SizeBudget } from './image/size-budget.ts';
export { tagImage, listImages, removeImages, pushImage, untagImages, type ListedImage } from './image/manage-images.ts';
export { gzippedSaveBytes } from './image/saved-size.ts';
export { imageFilePaths } from './image/image-files.ts';
export { importImage } from './image/import-image.ts';
export { runToCompletion, startContainer, publishedAddress, containerLogs, removeContainer, type OneShotRun, type DetachedRun } from './container/cli-containers.ts';

// What was built, and where smoke containers must run.
export { buildRecordPath, readBuildRecord, requireBuildRecord, writeBuildRecord, platformImages, type BuildRecord, type BaseImageRecord, type PlatformImage, type PublishedImage, type PublishedPlatform } from './record/build-record.ts';
export { testcontainersEnv } from './testcontainers/runtime-env.ts';

// Registries.
export { registryLogin, registryHost, isLoopbackRegistry, dockerConfigDir, type RegistryLogin } from './registry/registry-login.ts';
export { inspectRemoteImage, indexEntries, tagRemoteImage, remoteProvenance, parseProvenance, repositoryOf, type RemoteImage, type RemotePlatformImage, type IndexEntries, type ManifestDescriptor, type Provenance } from './registry/remote-image.ts';
export { createImageIndex } from './registry/image-index.ts';
export { recordPublished, readPublishedImages, publishedImagesPath, type PublishedImages, type PublishedEntry } from './record/published-images.ts';

// Supply chain: the pinned tools built from source, signatures, SBOMs.
export { toolchainRoot, toolchainBinDir, toolchainBinary } from './supply-chain/toolchain-bin.ts';
export { signImage, attestSbom, attachSbom, cosignArgv, verifySignature, verifySbom, signerFromEnv, signerArgs, verifierArgs, describeVerifier, type CosignTarget, type Signer, type Verifier } from './supply-chain/cosign.ts';
export { writeSbom } from './supply-chain/syft.ts';
