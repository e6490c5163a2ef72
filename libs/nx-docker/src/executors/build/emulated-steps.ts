/**
 * How much of a foreign-platform build ran under emulation (qemu): the RUN steps of stages that run
 * on the target platform, read from BuildKit's plain progress. A stage runs on the build machine
 * only when its FROM says `--platform=$BUILDPLATFORM` (or it is built FROM such a stage); every
 * other stage's RUN executes the target's binaries. Cached steps ran nothing and are not counted.
 *   #12 [server 3/5] RUN npm ci --omit=dev
 *   #12 0.512 added 112 packages in 9s
 *   #12 DONE 41.3s
 */
import { runsOnBuildPlatform } from '../../dockerfile/build-platform.ts';
import type { DockerfileModel } from '../../dockerfile/model.ts';
import { stageClosure } from '../../dockerfile/stage-closure.ts';

export interface EmulatedSteps {
  steps: number;
  seconds: number;
}

// `[stage n/m] RUN`, optionally after a platform (`[linux/arm64 build 2/4]`, or `linux/amd64->arm64`
// for a $BUILDPLATFORM stage) when one build makes several platforms. Unnamed stages are `stage-<i>`.
const RUN_VERTEX = /^#(\d+) \[(?:[^\]\s]*\/[^\]\s]* )?([^\s\]]+) +\d+\/\d+\] RUN\b/;
const DONE = /^#(\d+) DONE (\d+(?:\.\d+)?)s\s*$/;

/** The RUN steps of `output` that ran emulated, and their summed time; `target` limits it to the stages that target builds. */
export function emulatedSteps(output: string, model: DockerfileModel, target?: string): EmulatedSteps {
  const emulated = new Set(emulatedStageNames(model, target));
  const runStage = new Map<string, string>();
  let steps = 0;
  let seconds = 0;
  for (const line of output.split(/\r?\n/)) {
    const run = RUN_VERTEX.exec(line);
    if (run) {
      runStage.set(run[1]!, run[2]!.toLowerCase());
      continue;
    }
    const done = DONE.exec(line);
    const stage = done ? runStage.get(done[1]!) : undefined;
    if (!done || stage === undefined || !emulated.has(stage)) continue;
    steps += 1;
    seconds += Number(done[2]);
    runStage.delete(done[1]!);
  }
  return { steps, seconds: Math.round(seconds * 10) / 10 };
}

/** Each emulated stage under the names BuildKit prints: its own, and `stage-<i>` for an unnamed one. */
function emulatedStageNames(model: DockerfileModel, target: string | undefined): string[] {
  const stages = target ? stageClosure(model, target) : model.stages;
  return stages.filter((stage) => !runsOnBuildPlatform(model, stage)).flatMap((stage) => (stage.named ? [stage.name] : [stage.name, `stage-${stage.index}`]));
}
