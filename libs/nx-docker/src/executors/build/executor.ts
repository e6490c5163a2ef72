import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  buildCommand,
  formatMb,
  connectEngine,
  hostPlatform,
  platformArch,
  platformSlug,
  imageLayers,
  inspectImage,
  inspectImages,
  judgeSize,
  parseSizeBudget,
  platformTags,
  readImageId,
  runBuild,
  tagImage,
  writeBuildRecord,
  type BaseImageRecord,
  type Engine,
  type Platform,
  type PlatformImage,
} from '@polystage/docker';
import { stageBaseImages } from '../../base-images/build-args.ts';
import { emulatedSteps } from './emulated-steps.ts';
import { baseImageHint, describeFailure, findFailingStep } from './failing-step.ts';
import { recordImageFields } from './platform-images.ts';
import { overBudgetMessage } from './size-budget.ts';
import type { DockerBuildOptions } from './schema.ts';
import { planStageBuild, type StageBuild } from './stage-build.ts';
import { executor } from '../executor-result.ts';

export default executor(build);

async function build(options: DockerBuildOptions, context: ExecutorContext): Promise<boolean> {
  const root = context.root;
  const project = context.projectName!;
  const targetLabel = `${project}:${context.targetName ?? `docker-${options.target}`}`;
  const engine = await connectEngine();
  const plan = await planStageBuild(options, root, project, engine);
  const { model, mirror, revision, request } = plan;
  const host = hostPlatform();
  const platforms = plan.platforms ?? [host];
  // Every platform's budget is read before anything builds: a map missing one fails now, not after an hour of emulation.
  const budgets = new Map(platforms.map((platform) => [platform, parseSizeBudget(options.sizeBudgetMb, targetLabel, platform)]));
  if (mirror) console.log(`Base images from ${mirror.mirror} (${mirror.source === 'env' ? 'BASE_IMAGE_MIRROR' : '.polystage/base-images.json'}).`);

  const scratch = await mkdtemp(join(tmpdir(), 'polystage-build-'));
  try {
    // Each platform is its own --load build (a 20.10 engine cannot load an index), checked on its own;
    // nothing is tagged and no record written until every platform has passed.
    const images: PlatformImage[] = [];
    for (const platform of platforms) {
      const image = await buildPlatform({ engine, plan, options, targetLabel, root, scratch, platform, host, budgetMb: budgets.get(platform) });
      if (!image) return false;
      images.push(image);
    }
    for (const image of images) await tagImage(engine, image.imageId, image.tags);
    await writeBuildRecord(root, {
      project,
      stage: options.target,
      ...recordImageFields(images, host),
      ...(revision ? { revision: revision.sha } : {}),
      baseImages: await baseImageIds(engine, stageBaseImages(model, options.target, request.buildArgs)),
      ...(mirror ? { standInBases: mirror.mirror } : {}),
      builder: engine.builder.kind === 'buildx' ? { kind: 'buildx', name: engine.builder.name, driver: engine.builder.driver } : { kind: 'engine' },
      engineHost: engine.host.url,
      builtAt: new Date().toISOString(),
    });
    for (const image of images) {
      const budget = image.sizeBudgetMb !== undefined ? ` (budget ${image.sizeBudgetMb} MB)` : '';
      const emulated = image.emulated ? `; ${image.emulated.steps} steps emulated, ${image.emulated.seconds} s` : '';
      console.log(`Built ${image.tags.join(', ')}: ${formatMb(image.sizeBytes)}${budget}${mirror ? `, on stand-in bases from ${mirror.mirror}` : ''} (${image.platform}, ${image.buildSeconds} s${emulated})`);
    }
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

interface PlatformBuild {
  engine: Engine;
  plan: StageBuild;
  options: DockerBuildOptions;
  targetLabel: string;
  root: string;
  scratch: string;
  platform: Platform;
  host: Platform;
  budgetMb: number | undefined;
}

/** One platform's image: built, loaded untagged, checked (architecture, budget); undefined after printing why it failed. */
async function buildPlatform({ engine, plan, options, targetLabel, root, scratch, platform, host, budgetMb }: PlatformBuild): Promise<PlatformImage | undefined> {
  const iidFile = join(scratch, `iid-${platformSlug(platform)}`);
  // Only the prod stage names its platform; other stages build for the builder's own, as always.
  const command = buildCommand({ ...plan.request, ...(plan.platforms ? { platforms: [platform] } : {}), iidFile });
  console.log(`${engine.client} ${command.args.join(' ')}`);
  const run = await runBuild(engine, command, { cwd: root, stream: true });
  const where = `${options.dockerfile}, target ${options.target}${plan.platforms ? `, ${platform}` : ''}`;
  if (run.exitCode !== 0) {
    const failing = findFailingStep(run.output);
    console.error(`\n${describeFailure(failing, run.exitCode)} (${where})`);
    const hint = baseImageHint(failing, plan.mirror?.mirror, platform);
    if (hint) console.error(hint);
    return undefined;
  }

  // The image is untagged until every platform passes its checks: a failed check leaves the old tags in place.
  const imageId = await readImageId(iidFile);
  const image = await inspectImage(engine, imageId);
  if (!image) throw new Error(`The build reported image ${imageId}, but the engine at ${engine.host.url} does not have it; run the target again.`);
  if (plan.platforms && image.architecture !== platformArch(platform)) {
    throw new Error(`${targetLabel} built ${platform}, but the image's config says ${image.architecture}: the ${options.target} stage must not be FROM --platform=$BUILDPLATFORM (${options.dockerfile}); nothing was tagged.`);
  }
  const tags = platformTags(command.tags, platform, host);
  if (budgetMb !== undefined) {
    const verdict = judgeSize(image.sizeBytes, budgetMb);
    if (!verdict.within) {
      console.error(`\n${overBudgetMessage({ image: tags[0]!, target: targetLabel, imageId, verdict, layers: await imageLayers(engine, imageId) })}`);
      return undefined;
    }
  }
  const emulated = platform !== host ? emulatedSteps(run.output, plan.model, options.target) : undefined;
  return {
    platform,
    imageId,
    tags,
    sizeBytes: image.sizeBytes,
    layers: image.layers,
    ...(budgetMb !== undefined ? { sizeBudgetMb: budgetMb } : {}),
    buildSeconds: Math.round(run.milliseconds / 100) / 10,
    ...(emulated ? { emulated } : {}),
  };
}

/** The local ID of each base image the build used; one pulled into BuildKit's cache only has none. */
async function baseImageIds(engine: Engine, bases: ReturnType<typeof stageBaseImages>): Promise<BaseImageRecord[]> {
  const found = await inspectImages(engine, bases.map((base) => base.ref));
  return bases.map((base) => {
    const id = found.get(base.ref)?.id;
    return { ...base, ...(id ? { id } : {}) };
  });
}
