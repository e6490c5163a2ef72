// Whether this kernel can run another platform's binaries, checked before an emulated container
// starts, so a missing or unusable qemu registration is one line naming the fix, not an
// "exec format error" in a log. The rule itself is @polystage/docker's (emulation/binfmt-entries.ts).
import { BINFMT_ROOT, emulationProblem, type Platform } from '@polystage/docker';

/** Throws emulationProblem's line. */
export function requireEmulation(platform: Platform, root: string = BINFMT_ROOT): void {
  const problem = emulationProblem(platform, root);
  if (problem) throw new Error(problem);
}
