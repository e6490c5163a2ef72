import type { readMirrorDecision, resolveMirror } from '@polystage/nx-docker';
import type { LocalStandIn } from '../offline-bases/local-stand-ins.ts';
import { STAND_IN_BASES_LABEL } from '@polystage/nx-docker';
import { findRecipe } from '../offline-bases/recipes.ts';
import { describeVersions } from '../offline-bases/versions.ts';

type Mirror = NonNullable<Awaited<ReturnType<typeof resolveMirror>>>;
type Decision = NonNullable<Awaited<ReturnType<typeof readMirrorDecision>>>;


/** Why the bases come from where they do, in a few words. */
export function decisionSource(mirror: Mirror | undefined, decision: Decision | undefined): string {
  if (mirror?.source === 'env') return 'BASE_IMAGE_MIRROR';
  if (!decision) return 'no decision yet: `npm run bases` probes';
  if (decision.choice === 'explicit') return `chosen explicitly ${decision.decidedAt} (${decision.reason}); \`npm run bases -- --auto\` probes again`;
  return `automatic, ${decision.decidedAt}: ${decision.reason}; probed again by every \`npm run bases\``;
}

/**
 * The doctor's lines about base images when they come from a mirror: where from and why, then one
 * line per local stand-in with the exact versions it recorded when it was built.
 */
export function standInLines(mirror: Mirror, decision: Decision | undefined, standIns: readonly LocalStandIn[]): string[] {
  const lines = [
    `bases     from stand-ins under ${mirror.mirror}/ (${decisionSource(mirror, decision)}); ` +
      `service images built now carry ${STAND_IN_BASES_LABEL}=${mirror.mirror} and are not for publishing`,
  ];
  if (standIns.length === 0) lines.push(`stand-in  none under ${mirror.mirror}/ yet: \`npm run bases\` builds them`);
  for (const standIn of standIns) lines.push(`stand-in  ${standIn.tag}${versionsNote(standIn)}`);
  return lines;
}

function versionsNote(standIn: LocalStandIn): string {
  if (standIn.labels.versions) return `  ${describeVersions(standIn.labels.versions)}`;
  let promises = 0;
  try {
    promises = standIn.labels.standInFor ? findRecipe(standIn.labels.standInFor).promises.length : 0;
  } catch {
    // A stand-in whose ref no recipe builds any more: nothing to promise.
  }
  return promises > 0 ? '  versions not recorded (built before stand-ins recorded them; `npm run bases` rebuilds it)' : '';
}
