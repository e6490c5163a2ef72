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
  inspectImage,
  inspectRemoteImage,
  pushImage,
  recordPublished,
  registryLogin,
  requireBuildRecord,
  runBuild,
  signerFromEnv,
  signImage,
  tagImage,
  tagRemoteImage,
  untagImages,
  writeBuildRecord,
  writeSbom,
  type BuildRecord,
  type Engine,
  type PublishedImage,
  type RegistryLogin,
} from '@polystage/docker';
import { readRevision } from '../../git/revision.ts';
import type { DockerBuildOptions } from '../build/schema.ts';
import { planStageBuild } from '../build/stage-build.ts';
import { planPublish } from './plan.ts';
import type { DockerPublishOptions } from './schema.ts';
import { executor } from '../executor-result.ts';

export default executor(publish);

async function publish(options: DockerPublishOptions, context: ExecutorContext): Promise<boolean> {
  const root = context.root;
  const project = context.projectName!;
  const buildTarget = options.buildTarget ?? 'docker-prod';
  const buildOptions = readTargetOptions<DockerBuildOptions>({ project, target: buildTarget }, context);
  const record = requireBuildRecord(root, project, buildOptions.target);
  const revision = await readRevision(root);
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
  });
  if ('refused' in plan) {
    console.error(plan.refused);
    return false;
  }
  for (const note of plan.notes) console.log(note);

  const engine = await connectEngine();
  if (!(await inspectImage(engine, record.imageId))) {
    throw new Error(`${project}: the image ${record.imageId.slice(7, 19)} that ${buildTarget} recorded is no longer in the engine: run \`npx nx run ${project}:${buildTarget}\` again; nothing was pushed.`);
  }
  const login = await registryLogin(plan.repository);
  try {
    const started = performance.now();
    // The engine pushes its own image: an unchanged image pushes no layers and keeps its digest.
    // A BuildKit daemon rebuilds to push, so it first asks the registry whether the commit is there.
    const already = builderExports(engine.builder) ? await alreadyPublished(engine, plan, record, project, login) : undefined;
    const published =
      already ?? (builderExports(engine.builder) ? await pushFromBuilder(engine, plan, buildOptions, record, root, project, login) : await pushFromEngine(engine, plan, record, login));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    await writeBuildRecord(root, { ...record, published });
    await recordPublished(root, project, {
      ref: `${published.repository}@${published.digest}`,
      digest: published.digest,
      tags: published.tags,
      imageId: record.imageId,
      ...(record.revision ? { revision: record.revision } : {}),
    });
    console.log(`${already ? 'Already published' : 'Published'} ${published.repository}@${published.digest} as ${published.tags.map((tag) => tag.slice(published.repository.length + 1)).join(', ')} in ${seconds} s (provenance: ${published.provenance ? 'yes' : 'no'}; credentials: ${login.source}).`);
    return true;
  } finally {
    await login.dispose();
  }
}

/** The registry already has this commit's tag: fine when it is this very image (tags are re-pointed), refused otherwise. */
async function alreadyPublished(engine: Engine, plan: { repository: string; tags: string[] }, record: BuildRecord, project: string, login: RegistryLogin): Promise<PublishedImage | undefined> {
  const already = await inspectRemoteImage(engine.client, plan.tags[0]!, login.env);
  if (!already) return undefined;
  if (already.configDigest !== record.imageId) {
    throw new Error(`${project}: ${plan.tags[0]} already names another image (config ${already.configDigest.slice(7, 19)}, not the smoke-tested ${record.imageId.slice(7, 19)}); it is left as it is; nothing was pushed.`);
  }
  await tagRemoteImage(engine.client, `${plan.repository}@${already.digest}`, plan.tags, login.env);
  console.log(`${plan.tags[0]} already is this image (${already.digest}): nothing pushed.`);
  // What was attached when it was pushed (SBOM, signature) is still there.
  const before = record.published?.digest === already.digest ? record.published : undefined;
  return { ...describe(plan, already.digest, already.attestationManifests.length > 0), sbom: before?.sbom ?? false, signed: before?.signed ?? false };
}

/**
 * The builder rebuilds the same request from its cache and pushes it untagged, with provenance;
 * only when the pushed image's config is the smoke-tested image's ID do the tags move to it.
 */
async function pushFromBuilder(engine: Engine, plan: { repository: string; tags: string[] }, buildOptions: DockerBuildOptions, record: BuildRecord, root: string, project: string, login: RegistryLogin): Promise<PublishedImage> {
  const { request } = await planStageBuild(buildOptions, root, project, engine);
  const scratch = await mkdtemp(join(tmpdir(), 'polystage-publish-'));
  try {
    const metadataFile = join(scratch, 'metadata.json');
    const command = buildCommand({ ...request, tags: [], output: { pushByDigest: plan.repository }, attest: { provenance: true }, metadataFile });
    console.log(`${engine.client} ${command.args.join(' ')}`);
    const run = await runBuild(engine, { args: command.args, env: { ...command.env, ...login.env } }, { cwd: root, stream: true });
    if (run.exitCode !== 0) throw new Error(`${project}: pushing to ${plan.repository} failed (exit ${run.exitCode}); no tag was moved. ${run.output.trim().split('\n').at(-1) ?? ''}`);
    const digest = (JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, string>)['containerimage.digest'];
    if (!digest) throw new Error(`${project}: buildx reported no pushed digest; no tag was moved.`);
    const pushed = await inspectRemoteImage(engine.client, `${plan.repository}@${digest}`, login.env);
    if (pushed?.configDigest !== record.imageId) {
      throw new Error(`${project}: the pushed image (config ${pushed?.configDigest.slice(7, 19)}) is not the smoke-tested ${record.imageId.slice(7, 19)}; it stays untagged. Rebuild with \`npx nx run ${project}:smoke\` and publish again.`);
    }
    const signed = await attachSupplyChain(engine, record, `${plan.repository}@${digest}`, login, scratch);
    await tagRemoteImage(engine.client, `${plan.repository}@${digest}`, plan.tags, login.env);
    return { ...describe(plan, digest, pushed.attestationManifests.length > 0), sbom: true, signed };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The engine's BuildKit cannot push or attest: the engine pushes the image itself, under each tag. */
async function pushFromEngine(engine: Engine, plan: { repository: string; tags: string[] }, record: BuildRecord, login: RegistryLogin): Promise<PublishedImage> {
  console.log(`${engine.reasons.builder}: pushing the image from the engine, without provenance.`);
  const scratch = await mkdtemp(join(tmpdir(), 'polystage-publish-'));
  await tagImage(engine, record.imageId, plan.tags);
  try {
    let digest = '';
    for (const tag of plan.tags) {
      digest = await pushImage(engine, tag, login.env).catch((error: Error) => {
        throw new Error(`${error.message} (credentials: ${login.source}; check them, or \`docker login ${plan.repository.split('/')[0]}\`); no tag was published.`);
      });
    }
    const signed = await attachSupplyChain(engine, record, `${plan.repository}@${digest}`, login, scratch);
    return { ...describe(plan, digest, false), sbom: true, signed };
  } finally {
    await untagImages(engine, plan.tags);
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * An SPDX SBOM of the very image (syft, from the engine, by ID) beside it in the registry, and
 * with COSIGN_KEY (or COSIGN_KEYLESS=true in CI) a signature by digest; the SBOM is then a signed attestation.
 */
async function attachSupplyChain(engine: Engine, record: BuildRecord, ref: string, login: RegistryLogin, scratch: string): Promise<boolean> {
  const sbom = join(scratch, 'sbom.spdx.json');
  await writeSbom(engine, record.imageId, sbom);
  const signer = signerFromEnv();
  const target = { ref, env: { ...login.env, ...(process.env['COSIGN_PASSWORD'] !== undefined ? { COSIGN_PASSWORD: process.env['COSIGN_PASSWORD'] } : {}) } };
  if (!signer) {
    await attachSbom(target, sbom);
    console.log(`SBOM attached to ${ref} (unsigned: neither COSIGN_KEY nor COSIGN_KEYLESS=true).`);
    return false;
  }
  await signImage(target, signer);
  await attestSbom(target, signer, sbom);
  console.log(`Signed ${ref} and attested its SBOM (${'key' in signer ? signer.key : 'keyless, OIDC'}).`);
  return true;
}

function describe(plan: { repository: string; tags: string[] }, digest: string, attested: boolean): PublishedImage {
  return { repository: plan.repository, digest, tags: plan.tags, provenance: attested, sbom: false, signed: false, publishedAt: new Date().toISOString() };
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
