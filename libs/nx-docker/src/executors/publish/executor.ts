import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTargetOptions, type ExecutorContext } from '@nx/devkit';
import { execa } from 'execa';
import {
  attachSbom,
  attestSbom,
  buildCommand,
  builderExports,
  connectEngine,
  hostPlatform,
  platformSlug,
  inspectImage,
  inspectRemoteImage,
  pushImage,
  recordPublished,
  registryLogin,
  requireBuildRecord,
  resolvePlatforms,
  runBuild,
  signerFromEnv,
  signImage,
  tagImage,
  tagRemoteImage,
  untagImages,
  writeBuildRecord,
  writeSbom,
  type Engine,
  type Platform,
  type PlatformImage,
  type PublishedImage,
  type PublishedPlatform,
  type RegistryLogin,
} from '@polystage/docker';
import { readRevision } from '../../git/revision.ts';
import { PROD_STAGE } from '../../plugins/targets.ts';
import type { DockerBuildOptions } from '../build/schema.ts';
import { planStageBuild } from '../build/stage-build.ts';
import { planPublish } from './plan.ts';
import { matchIndex, type IndexPlatform } from './pushed-index.ts';
import type { DockerPublishOptions } from './schema.ts';
import { executor } from '../executor-result.ts';

export default executor(publish);

/** What the push steps need of the plan. */
interface Target {
  repository: string;
  tags: string[];
  /** Each platform's smoke-tested image, the top-level one first. */
  images: PlatformImage[];
}

async function publish(options: DockerPublishOptions, context: ExecutorContext): Promise<boolean> {
  const root = context.root;
  const project = context.projectName!;
  const buildTarget = options.buildTarget ?? 'docker-prod';
  const buildOptions = readTargetOptions<DockerBuildOptions>({ project, target: buildTarget }, context);
  const record = requireBuildRecord(root, project, buildOptions.target);
  const revision = await readRevision(root);
  const host = hostPlatform();
  const plan = planPublish({
    project,
    image: buildOptions.image ?? project,
    buildTarget,
    registry: options.registry ?? process.env['IMAGE_REGISTRY'],
    record,
    head: revision,
    dirty: await dirtyFiles(root),
    allowDirty: options.allowDirty ?? false,
    version: projectVersion(root, context.projectsConfigurations.projects[project]?.root),
    latest: options.latest ?? false,
    // What docker-prod would build now: publishing pushes exactly that, or refuses.
    platforms: buildOptions.target === PROD_STAGE ? resolvePlatforms(buildOptions.platforms, process.env, host) : [record.platform ?? host],
    host,
  });
  if ('refused' in plan) {
    console.error(plan.refused);
    return false;
  }
  for (const note of plan.notes) console.log(note);

  const engine = await connectEngine();
  for (const image of plan.images) {
    if (!(await inspectImage(engine, image.imageId))) {
      throw new Error(`${project}: the ${image.platform} image ${image.imageId.slice(7, 19)} that ${buildTarget} recorded is no longer in the engine: run \`npx nx run ${project}:${buildTarget}\` again; nothing was pushed.`);
    }
  }
  const login = await registryLogin(plan.repository);
  try {
    const started = performance.now();
    // The engine pushes its own image: an unchanged image pushes no layers and keeps its digest.
    // A BuildKit daemon rebuilds to push, so it first asks the registry whether the commit is there.
    const already = builderExports(engine.builder) ? await alreadyPublished(engine, plan, record.published, project, login) : undefined;
    const published =
      already ?? (builderExports(engine.builder) ? await pushFromBuilder(engine, plan, buildOptions, root, project, login) : await pushFromEngine(engine, plan, project, login));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await writeBuildRecord(root, { ...record, published });
    await recordPublished(root, project, {
      ref: `${published.repository}@${published.digest}`,
      digest: published.digest,
      tags: published.tags,
      imageId: record.imageId,
      ...(record.revision ? { revision: record.revision } : {}),
      ...(published.platforms ? { platforms: published.platforms.map(({ platform, digest, configDigest }) => ({ platform, digest, imageId: configDigest })) } : {}),
    });
    const platforms = published.platforms ? `; ${published.platforms.map((platform) => platform.platform).join(', ')}` : '';
    console.log(`${already ? 'Already published' : 'Published'} ${published.repository}@${published.digest} as ${published.tags.map((tag) => tag.slice(published.repository.length + 1)).join(', ')} in ${seconds} s (provenance: ${published.provenance ? 'yes' : 'no'}${platforms}; credentials: ${login.source}).`);
    return true;
  } finally {
    await login.dispose();
  }
}

/** The registry already has this commit's tag: fine when it holds these very images, platform by platform (tags are re-pointed), refused otherwise. */
async function alreadyPublished(engine: Engine, plan: Target, before: PublishedImage | undefined, project: string, login: RegistryLogin): Promise<PublishedImage | undefined> {
  const already = await inspectRemoteImage(engine.client, plan.tags[0]!, login.env);
  if (!already) return undefined;
  const matched = matchIndex(plan.images, already);
  if ('problem' in matched) throw new Error(`${project}: ${plan.tags[0]} already names other images (${matched.problem}); it is left as it is; nothing was pushed.`);
  await tagRemoteImage(engine.client, `${plan.repository}@${already.digest}`, plan.tags, login.env);
  console.log(`${plan.tags[0]} already is this image (${already.digest}): nothing pushed.`);
  // What was attached when it was pushed (SBOMs, signature) is still there.
  const same = before?.digest === already.digest ? before : undefined;
  const sbom = (platform: Platform) => same?.platforms?.find((entry) => entry.platform === platform)?.sbom ?? same?.sbom ?? false;
  return describe(plan, already.digest, matched.platforms, { sbom, signed: same?.signed ?? false });
}

/**
 * The builder rebuilds the same request from its cache, every platform in one build, and pushes it
 * untagged as one index with a provenance attestation per platform; only when each platform's config
 * is that platform's smoke-tested image ID do the tags move to it.
 */
async function pushFromBuilder(engine: Engine, plan: Target, buildOptions: DockerBuildOptions, root: string, project: string, login: RegistryLogin): Promise<PublishedImage> {
  const stage = await planStageBuild(buildOptions, root, project, engine);
  const scratch = await mkdtemp(join(tmpdir(), 'polystage-publish-'));
  try {
    const metadataFile = join(scratch, 'metadata.json');
    const platforms = stage.platforms ? { platforms: plan.images.map((image) => image.platform) } : {};
    const command = buildCommand({ ...stage.request, ...platforms, tags: [], output: { pushByDigest: plan.repository }, attest: { provenance: true }, metadataFile });
    console.log(`${engine.client} ${command.args.join(' ')}`);
    const run = await runBuild(engine, { args: command.args, env: { ...command.env, ...login.env } }, { cwd: root, stream: true });
    if (run.exitCode !== 0) throw new Error(`${project}: pushing to ${plan.repository} failed (exit ${run.exitCode}); no tag was moved. ${run.output.trim().split('\n').at(-1) ?? ''}`);
    // Several platforms: the index's digest; one: the digest of the index around it and its attestation.
    const digest = (JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, string>)['containerimage.digest'];
    if (!digest) throw new Error(`${project}: buildx reported no pushed digest; no tag was moved.`);
    const pushed = await inspectRemoteImage(engine.client, `${plan.repository}@${digest}`, login.env);
    const matched = pushed ? matchIndex(plan.images, pushed) : { problem: 'the registry does not have it' };
    if ('problem' in matched) {
      throw new Error(`${project}: the pushed ${plan.repository}@${digest} is not what was smoke-tested (${matched.problem}); it stays untagged. Rebuild with \`npx nx run ${project}:smoke\` and publish again.`);
    }
    const signed = await attachSupplyChain(engine, plan, digest, matched.platforms, login, scratch, { recursive: true });
    await tagRemoteImage(engine.client, `${plan.repository}@${digest}`, plan.tags, login.env);
    return describe(plan, digest, matched.platforms, { sbom: () => true, signed });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The engine's BuildKit cannot push or attest: the engine pushes the image itself, under each tag; one platform only (an engine holds no index). */
async function pushFromEngine(engine: Engine, plan: Target, project: string, login: RegistryLogin): Promise<PublishedImage> {
  const image = plan.images[0]!;
  if (plan.images.length > 1) {
    throw new Error(`${project}: publishing ${plan.images.map((each) => each.platform).join(', ')} as one index needs the buildx builder, and the engine pushes one image per tag: run \`npm run setup\` and unset BUILDER; nothing was pushed.`);
  }
  console.log(`${engine.reasons.builder}: pushing the image from the engine, without provenance.`);
  const scratch = await mkdtemp(join(tmpdir(), 'polystage-publish-'));
  await tagImage(engine, image.imageId, plan.tags);
  try {
    let digest = '';
    for (const tag of plan.tags) {
      digest = await pushImage(engine, tag, login.env).catch((error: Error) => {
        throw new Error(`${error.message} (credentials: ${login.source}; check them, or \`docker login ${plan.repository.split('/')[0]}\`); no tag was published.`);
      });
    }
    // No index: the pushed manifest is the platform's image.
    const platforms: IndexPlatform[] = [{ platform: image.platform, digest, configDigest: image.imageId, attested: false }];
    const signed = await attachSupplyChain(engine, plan, digest, platforms, login, scratch, { recursive: false });
    return describe(plan, digest, platforms, { sbom: () => true, signed });
  } finally {
    await untagImages(engine, plan.tags);
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * For each platform an SPDX SBOM of its very image (syft, from the engine, by ID) beside that
 * platform's manifest; with COSIGN_KEY (or COSIGN_KEYLESS=true in CI) the index is signed by digest
 * (`recursive`: each image in it too) and each SBOM is a signed attestation.
 */
async function attachSupplyChain(
  engine: Engine,
  plan: Target,
  digest: string,
  platforms: readonly IndexPlatform[],
  login: RegistryLogin,
  scratch: string,
  options: { recursive: boolean },
): Promise<boolean> {
  const signer = signerFromEnv();
  const env = { ...login.env, ...(process.env['COSIGN_PASSWORD'] !== undefined ? { COSIGN_PASSWORD: process.env['COSIGN_PASSWORD'] } : {}) };
  for (const platform of platforms) {
    const image = plan.images.find((each) => each.platform === platform.platform)!;
    const sbom = join(scratch, `sbom-${platformSlug(platform.platform)}.spdx.json`);
    await writeSbom(engine, image.imageId, sbom);
    const target = { ref: `${plan.repository}@${platform.digest}`, env };
    if (signer) await attestSbom(target, signer, sbom);
    else await attachSbom(target, sbom);
  }
  const ref = `${plan.repository}@${digest}`;
  if (!signer) {
    console.log(`SBOMs attached to ${platforms.map((platform) => platform.platform).join(', ')} of ${ref} (unsigned: neither COSIGN_KEY nor COSIGN_KEYLESS=true).`);
    return false;
  }
  await signImage({ ref, env }, signer, options);
  console.log(`Signed ${ref}${options.recursive ? ' and each image in it' : ''}, and attested the SBOM of ${platforms.map((platform) => platform.platform).join(', ')} (${'key' in signer ? signer.key : 'keyless, OIDC'}).`);
  return true;
}

function describe(plan: Target, digest: string, platforms: readonly IndexPlatform[], attached: { sbom: (platform: Platform) => boolean; signed: boolean }): PublishedImage {
  const entries: PublishedPlatform[] = platforms.map(({ platform, digest: manifest, configDigest }) => ({ platform, digest: manifest, configDigest, sbom: attached.sbom(platform) }));
  return {
    repository: plan.repository,
    digest,
    tags: plan.tags,
    // Provenance: BuildKit attested every platform's image.
    provenance: platforms.every((platform) => platform.attested),
    sbom: entries.every((entry) => entry.sbom),
    signed: attached.signed,
    publishedAt: new Date().toISOString(),
    platforms: entries,
  };
}

async function dirtyFiles(root: string): Promise<string[]> {
  const status = await execa('git', ['status', '--porcelain'], { cwd: root, reject: false, stdin: 'ignore' });
  return status.exitCode === 0 ? String(status.stdout).split('\n').filter(Boolean) : [];
}

/** The version `nx release` keeps in the project's package.json (or project.json); 0.0.0 means none yet. */
function projectVersion(root: string, projectRoot: string | undefined): string | undefined {
  if (!projectRoot) return undefined;
  for (const file of ['package.json', 'project.json']) {
    const path = join(root, projectRoot, file);
    if (!existsSync(path)) continue;
    const version = (JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown }).version;
    if (typeof version === 'string' && version !== '0.0.0') return version;
  }
  return undefined;
}
