import { inspectImage, removeImages } from '@polystage/docker';
import { buildDockerfileRecipe, type BuildContext } from './build-recipe.ts';
import { buildDebianBase } from './debootstrap.ts';
import type { PlannedStandIn } from './plan.ts';
import { describeVersions, VERSIONS_LABEL, type CheckedVersions } from './versions.ts';

export interface BuildReport {
  mirror: string;
  /** `versions`: the exact versions the stand-in was checked to have (its versions label). */
  built: Array<{ ref: string; tag: string; seconds: number; versions?: string; changes?: string[] }>;
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
    const previous = await inspectTag(context, standIn.tag);
    const target = { resolved: standIn.resolved, tag: standIn.tag, hash: standIn.hash, mirror, previousVersions: previous?.versions };
    let checked: CheckedVersions | undefined;
    if (standIn.resolved.recipe.kind === 'debootstrap') await buildDebianBase(target, context);
    else checked = await buildDockerfileRecipe(target, context);
    // A rebuilt stand-in leaves its predecessor untagged; drop it unless something still uses it.
    if (previous && previous.id !== (await inspectTag(context, standIn.tag))?.id) {
      await removeImages(context.engine, [previous.id]);
    }
    const seconds = round((performance.now() - t0) / 1000);
    for (const change of checked?.changes ?? []) log(`offline bases: ${standIn.tag}: ${change}`);
    report.built.push({
      ref: standIn.ref,
      tag: standIn.tag,
      seconds,
      ...(checked ? { versions: checked.label } : {}),
      ...(checked?.changes.length ? { changes: checked.changes } : {}),
    });
    log(`offline bases: built ${standIn.tag} in ${seconds}s${checked ? ` (${describeVersions(checked.label)})` : ''}`);
  }
  report.totalSeconds = round((performance.now() - started) / 1000);
  return report;
}

async function inspectTag(context: BuildContext, tag: string): Promise<{ id: string; versions?: string } | undefined> {
  const image = await inspectImage(context.engine, tag);
  if (!image) return undefined;
  const versions = image.labels[VERSIONS_LABEL];
  return versions ? { id: image.id, versions } : { id: image.id };
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
