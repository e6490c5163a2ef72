/**
 * Which stages run on the build machine: those whose FROM says `--platform=$BUILDPLATFORM`, or that
 * are built FROM such a stage. Every other stage runs the target platform's binaries (under qemu
 * when the target is another platform). The one reading of that rule, for the emulated-step count
 * of a build and for which bases need a stand-in of the target platform.
 */
import type { BuildStage, DockerfileModel } from './model.ts';

const BUILD_PLATFORM = /^\$\{?BUILDPLATFORM\}?$/;

/** `--platform=$BUILDPLATFORM`, written on this FROM or inherited from the stage it is built FROM. */
export function runsOnBuildPlatform(model: DockerfileModel, stage: BuildStage): boolean {
  if (stage.platform !== undefined) return BUILD_PLATFORM.test(stage.platform.trim());
  if (stage.base.kind !== 'stage') return false;
  const base = stage.base.stage;
  const parent = model.stages.find((candidate) => candidate.name === base);
  return parent ? runsOnBuildPlatform(model, parent) : false;
}
