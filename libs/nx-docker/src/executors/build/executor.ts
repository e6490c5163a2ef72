import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import {
  buildCommand,
  formatMb,
  connectEngine,
  imageLayers,
  inspectImage,
  inspectImages,
  judgeSize,
  readImageId,
  runBuild,
  tagImage,
  writeBuildRecord,
  type BaseImageRecord,
  type Engine,
} from '@polystage/docker';
import { stageBaseImages } from '../../base-images/build-args.ts';
import { baseImageHint, describeFailure, findFailingStep } from './failing-step.ts';
import { overBudgetMessage, parseSizeBudget } from './size-budget.ts';
import type { DockerBuildOptions } from './schema.ts';
import { planStageBuild } from './stage-build.ts';
import { executor } from '../executor-result.ts';

export default executor(build);

async function build(options: DockerBuildOptions, context: ExecutorContext): Promise<boolean> {
  const root = context.root;
  const project = context.projectName!;
  const targetLabel = `${project}:${context.targetName ?? `docker-${options.target}`}`;
  const budgetMb = parseSizeBudget(options.sizeBudgetMb, targetLabel);
  const engine = await connectEngine();
  const { model, mirror, revision, request } = await planStageBuild(options, root, project, engine);
  if (mirror) console.log(`Base images from ${mirror.mirror} (${mirror.source === 'env' ? 'BASE_IMAGE_MIRROR' : '.polystage/base-images.json'}).`);

  const scratch = await mkdtemp(join(tmpdir(), 'polystage-build-'));
  try {
    const iidFile = join(scratch, 'iid');
    const command = buildCommand({ ...request, iidFile });

    console.log(`${engine.client} ${command.args.join(' ')}`);
    const run = await runBuild(engine, command, { cwd: root, stream: true });
    if (run.exitCode !== 0) {
      const failing = findFailingStep(run.output);
      console.error(`\n${describeFailure(failing, run.exitCode)} (${options.dockerfile}, target ${options.target})`);
      const hint = baseImageHint(failing, mirror?.mirror);
      if (hint) console.error(hint);
      return false;
    }

    // The image is untagged until it passes its checks: a failed check leaves the old tags in place.
    const imageId = await readImageId(iidFile);
    const image = await inspectImage(engine, imageId);
    if (!image) throw new Error(`The build reported image ${imageId}, but the engine at ${engine.host.url} does not have it; run the target again.`);
    if (budgetMb !== undefined) {
      const verdict = judgeSize(image.sizeBytes, budgetMb);
      if (!verdict.within) {
        console.error(`\n${overBudgetMessage({ image: command.tags[0]!, target: targetLabel, imageId, verdict, layers: await imageLayers(engine, imageId) })}`);
        return false;
      }
    }
    await tagImage(engine, imageId, command.tags);
    await writeBuildRecord(root, {
      project,
      stage: options.target,
      imageId,
      tags: command.tags,
      sizeBytes: image.sizeBytes,
      layers: image.layers,
      ...(budgetMb !== undefined ? { sizeBudgetMb: budgetMb } : {}),
      ...(revision ? { revision: revision.sha } : {}),
      baseImages: await baseImageIds(engine, stageBaseImages(model, options.target, request.buildArgs)),
      ...(mirror ? { standInBases: mirror.mirror } : {}),
      builder: engine.builder.kind === 'buildx' ? { kind: 'buildx', name: engine.builder.name, driver: engine.builder.driver } : { kind: 'engine' },
      engineHost: engine.host.url,
      builtAt: new Date().toISOString(),
    });
    const budget = budgetMb !== undefined ? ` (budget ${budgetMb} MB)` : '';
    console.log(`Built ${command.tags.join(', ')}: ${formatMb(image.sizeBytes)}${budget}${mirror ? `, on stand-in bases from ${mirror.mirror}` : ''}`);
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The local ID of each base image the build used; one pulled into BuildKit's cache only has none. */
async function baseImageIds(engine: Engine, bases: ReturnType<typeof stageBaseImages>): Promise<BaseImageRecord[]> {
  const found = await inspectImages(engine, bases.map((base) => base.ref));
  return bases.map((base) => {
    const id = found.get(base.ref)?.id;
    return { ...base, ...(id ? { id } : {}) };
  });
}
