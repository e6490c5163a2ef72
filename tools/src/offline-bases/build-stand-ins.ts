import { execa } from 'execa';
import { buildDockerfileRecipe, type BuildContext } from './build-recipe.ts';
import { buildDebianBase } from './debootstrap.ts';
import type { PlannedStandIn } from './plan.ts';

export interface BuildReport {
  mirror: string;
  built: Array<{ ref: string; tag: string; seconds: number }>;
  current: string[];
  totalSeconds: number;
}

/** Builds every planned stand-in that is missing or stale (or all with `force`), in plan order. */
export async function buildStandIns(
  plan: readonly PlannedStandIn[],
  mirror: string,
  context: BuildContext,
  options: { force?: (ref: string) => boolean; log?: (line: string) => void } = {},
): Promise<BuildReport> {
  const log = options.log ?? ((line: string) => console.error(line));
  const started = performance.now();
  const report: BuildReport = { mirror, built: [], current: [], totalSeconds: 0 };
  for (const standIn of plan) {
    if (standIn.state === 'current' && !options.force?.(standIn.ref)) {
      report.current.push(standIn.tag);
      continue;
    }
    log(`offline bases: building ${standIn.tag} (${standIn.state}, recipe ${standIn.resolved.recipe.dir})`);
    const t0 = performance.now();
    const previous = await imageId(context, standIn.tag);
    const target = { resolved: standIn.resolved, tag: standIn.tag, hash: standIn.hash, mirror };
    if (standIn.resolved.recipe.kind === 'debootstrap') await buildDebianBase(target, context);
    else await buildDockerfileRecipe(target, context);
    // A rebuilt stand-in leaves its predecessor untagged; drop it unless something still uses it.
    if (previous && previous !== (await imageId(context, standIn.tag))) {
      await execa(context.cli.path, ['image', 'rm', previous], { reject: false, stdin: 'ignore' });
    }
    const seconds = round((performance.now() - t0) / 1000);
    report.built.push({ ref: standIn.ref, tag: standIn.tag, seconds });
    log(`offline bases: built ${standIn.tag} in ${seconds}s`);
  }
  report.totalSeconds = round((performance.now() - started) / 1000);
  return report;
}

async function imageId(context: BuildContext, tag: string): Promise<string | undefined> {
  const result = await execa(context.cli.path, ['image', 'inspect', '--format', '{{.Id}}', tag], { reject: false, stdin: 'ignore' });
  return result.exitCode === 0 ? String(result.stdout).trim() : undefined;
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
