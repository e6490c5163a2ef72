import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { execa } from 'execa';
import { mirroredBuildArgs, resolveMirror } from '../../base-images/mirror.ts';
import { buildCommand } from '../../build/build-command.ts';
import { resolveCaBundle } from '../../build/ca-bundle.ts';
import { resolveLayerCache } from '../../build/layer-cache.ts';
import { baseImageHint, describeFailure, findFailingStep } from '../../build/failing-step.ts';
import { parseDockerfile } from '../../dockerfile/parse.ts';
import { findStage } from '../../dockerfile/stage-closure.ts';
import { detectDockerCli } from '../../engine/docker-cli.ts';
import { assertEngineAnswers } from '../../engine/engine.ts';
import { readRevision } from '../../git/revision.ts';
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
  const model = parseDockerfile(await readFile(resolve(root, options.dockerfile), 'utf8'), options.dockerfile);
  findStage(model, options.target);

  const cli = await detectDockerCli();
  await assertEngineAnswers(cli.path);
  const mirror = await resolveMirror(root);
  if (mirror) console.log(`Base images from ${mirror.mirror} (${mirror.source === 'env' ? 'BASE_IMAGE_MIRROR' : '.polystage/base-images.json'}).`);

  const command = buildCommand({
    mode: cli.mode,
    dockerfile: options.dockerfile,
    context: options.context ?? '.',
    target: options.target,
    image: options.image ?? context.projectName!,
    buildArgs: { ...mirroredBuildArgs(model.baseImageArgs, mirror?.mirror), ...options.buildArgs },
    extraTags: options.tags ?? [],
    revision: await readRevision(root),
    caBundle: resolveCaBundle(root),
    layerCache: resolveLayerCache(process.env['BUILD_LAYER_CACHE'], cli.mode),
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
  if (result.exitCode === 0) {
    console.log(`Built ${command.tags.join(', ')}`);
    return true;
  }
  const failing = findFailingStep(`${result.stdout}\n${result.stderr}`);
  console.error(`\n${describeFailure(failing, result.exitCode)} (${options.dockerfile}, target ${options.target})`);
  const hint = baseImageHint(failing, mirror?.mirror);
  if (hint) console.error(hint);
  return false;
}
