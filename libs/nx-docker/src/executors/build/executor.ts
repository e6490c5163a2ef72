import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { execa } from 'execa';
import { mirroredBuildArgs, resolveMirror } from '../../base-images/mirror.ts';
import { buildCommand } from '../../build/build-command.ts';
import { writeBuildRecord } from '../../build/build-record.ts';
import { resolveCaBundle } from '../../build/ca-bundle.ts';
import { envFlag, STAND_IN_BASES_LABEL } from '../../build/env-flags.ts';
import { resolveLayerCache } from '../../build/layer-cache.ts';
import { baseImageHint, describeFailure, findFailingStep } from '../../build/failing-step.ts';
import { formatMb, judgeSize, overBudgetMessage, parseSizeBudget } from '../../build/size-budget.ts';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { findStage } from '../../dockerfile/stage-closure.ts';
import { detectDockerCli } from '../../engine/docker-cli.ts';
import { assertEngineAnswers } from '../../engine/engine.ts';
import { readRevision } from '../../git/revision.ts';
import { imageLayers, imageSizeBytes, tagImage } from '../../image/local-image.ts';
import type { DockerBuildOptions } from './schema.ts';

export default async function dockerBuildExecutor(options: DockerBuildOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    return { success: await build(options, context) };
  } catch (error) {
    // Our own errors are complete sentences; anything else still gets its message shown.
    console.error(`\n${(error as Error).message}`);
    return { success: false };
  }
}

async function build(options: DockerBuildOptions, context: ExecutorContext): Promise<boolean> {
  const root = context.root;
  const project = context.projectName!;
  const targetLabel = `${project}:${context.targetName ?? `docker-${options.target}`}`;
  const budgetMb = parseSizeBudget(options.sizeBudgetMb, targetLabel);
  const model = parseDockerfile(await readFile(resolve(root, options.dockerfile), 'utf8'), options.dockerfile);
  findStage(model, options.target);

  const cli = await detectDockerCli();
  await assertEngineAnswers(cli.path);
  const mirror = await resolveMirror(root);
  if (mirror) console.log(`Base images from ${mirror.mirror} (${mirror.source === 'env' ? 'BASE_IMAGE_MIRROR' : '.polystage/base-images.json'}).`);

  const scratch = await mkdtemp(join(tmpdir(), 'polystage-build-'));
  try {
    const revision = await readRevision(root);
    const iidFile = join(scratch, 'iid');
    const command = buildCommand({
      mode: cli.mode,
      dockerfile: options.dockerfile,
      context: options.context ?? '.',
      target: options.target,
      image: options.image ?? project,
      buildArgs: { ...mirroredBuildArgs(model.baseImageArgs, mirror?.mirror, model.file), ...options.buildArgs },
      extraTags: options.tags ?? [],
      revision,
      caBundle: resolveCaBundle(root),
      layerCache: resolveLayerCache(process.env['BUILD_LAYER_CACHE'], cli.mode),
      noCache: envFlag(process.env, 'BUILD_NO_CACHE'),
      pull: envFlag(process.env, 'BUILD_PULL'),
      labels: mirror ? { [STAND_IN_BASES_LABEL]: mirror.mirror } : {},
      iidFile,
    });

    console.log(`${cli.path} ${command.args.join(' ')}`);
    // Output streams live (people watch builds) and is kept so a failure can name its step.
    const result = await execa(cli.path, command.args, {
      cwd: root,
      env: command.env,
      stdin: 'ignore',
      stdout: ['inherit', 'pipe'],
      stderr: ['inherit', 'pipe'],
      reject: false,
    });
    if (result.exitCode !== 0) {
      const failing = findFailingStep(`${result.stdout}\n${result.stderr}`);
      console.error(`\n${describeFailure(failing, result.exitCode)} (${options.dockerfile}, target ${options.target})`);
      const hint = baseImageHint(failing, mirror?.mirror);
      if (hint) console.error(hint);
      return false;
    }

    // The image is untagged until it passes its checks: a failed check leaves the old tags in place.
    const imageId = (await readFile(iidFile, 'utf8')).trim();
    const sizeBytes = await imageSizeBytes(cli.path, imageId);
    if (budgetMb !== undefined) {
      const verdict = judgeSize(sizeBytes, budgetMb);
      if (!verdict.within) {
        console.error(`\n${overBudgetMessage({ image: command.tags[0]!, target: targetLabel, imageId, verdict, layers: await imageLayers(cli.path, imageId) })}`);
        return false;
      }
    }
    await tagImage(cli.path, imageId, command.tags);
    await writeBuildRecord(root, {
      project,
      stage: options.target,
      imageId,
      tags: command.tags,
      sizeBytes,
      ...(budgetMb !== undefined ? { sizeBudgetMb: budgetMb } : {}),
      ...(revision ? { revision: revision.sha } : {}),
      ...(mirror ? { standInBases: mirror.mirror } : {}),
      builder: cli.mode,
      builtAt: new Date().toISOString(),
    });
    const budget = budgetMb !== undefined ? ` (budget ${budgetMb} MB)` : '';
    console.log(`Built ${command.tags.join(', ')}: ${formatMb(sizeBytes)}${budget}${mirror ? `, on stand-in bases from ${mirror.mirror}` : ''}`);
    return true;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
