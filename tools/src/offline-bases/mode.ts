import type { PullProbe } from '@polystage/docker';
import { OFFLINE_MIRROR, readMirrorDecision, writeMirrorDecision } from '@polystage/nx-docker';

/** `docker pull <ref>` with retries: @polystage/docker's probePull, bound to an engine. Injected so tests need no engine. */
export type PullProber = (ref: string) => Promise<PullProbe>;

export interface MirrorChoice {
  /** Prefix stand-ins are tagged under; undefined when official images are used. */
  mirror: string | undefined;
  /** Where the choice came from: `BASE_IMAGE_MIRROR`, `explicit`, `probe`. */
  source: 'env' | 'explicit' | 'probe';
  /** One line to print when this run changed the machine's mode (or it is chosen explicitly). */
  announcement?: string;
}

export type ExplicitMode = 'offline' | 'online' | 'auto';

const DECISION = '.polystage/base-images.json';

/**
 * Online or offline, decided in this order:
 * 1. BASE_IMAGE_MIRROR (explicit, never probed);
 * 2. an explicit choice saved by `npm run bases -- --offline` / `--online` (never probed);
 * 3. otherwise a pull probe of a needed official image, run on every `ensure`: the probe retries
 *    (@polystage/docker's probePull), so one refused pull is not enough, and the next run probes again, so
 *    a machine that was offline once returns to official images as soon as a pull works.
 *    The answer, its reason and time go to .polystage/base-images.json, which builds read.
 * Re-probing every run rather than after some hours: an unreachable registry answers in well under
 * a second (three attempts and their pauses cost about 1 s here), a reachable one answers a pull
 * of a present image with one manifest request, and a stale "offline" would keep building on
 * stand-ins for hours after the registry came back, for no visible reason.
 */
export async function chooseMirror(workspaceRoot: string, probeRef: string, probe: PullProber, env: NodeJS.ProcessEnv = process.env): Promise<MirrorChoice> {
  const fromEnv = env['BASE_IMAGE_MIRROR']?.trim();
  if (fromEnv) return { mirror: fromEnv, source: 'env' };
  const previous = await readMirrorDecision(workspaceRoot);
  if (previous?.choice === 'explicit') {
    return {
      mirror: previous.mirror ?? undefined,
      source: 'explicit',
      announcement: `offline bases: ${previous.mirror ? `stand-ins under ${previous.mirror}/` : 'official base images'}, chosen explicitly (${DECISION}, ${previous.decidedAt}); \`npm run bases -- --auto\` probes again.`,
    };
  }
  const result = await probe(probeRef);
  const wasOffline = Boolean(previous?.mirror);
  if (result.ok) {
    await writeMirrorDecision(workspaceRoot, { mirror: null, choice: 'auto', reason: `docker pull ${probeRef} worked` });
    return {
      mirror: undefined,
      source: 'probe',
      ...(wasOffline
        ? { announcement: `offline bases: ${probeRef} can be pulled again; back to official base images (stand-ins had been used since ${previous!.decidedAt}: ${previous!.reason.slice(0, 120)}).` }
        : {}),
    };
  }
  const why = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}: ${(result.problem ?? 'failed').slice(0, 160)}`;
  await writeMirrorDecision(workspaceRoot, { mirror: OFFLINE_MIRROR, choice: 'auto', reason: `docker pull ${probeRef} failed (${why})` });
  return {
    mirror: OFFLINE_MIRROR,
    source: 'probe',
    ...(wasOffline
      ? {}
      : {
          announcement:
            `offline bases: cannot pull ${probeRef} (${why}); using local stand-ins tagged ${OFFLINE_MIRROR}/<ref> until a pull works ` +
            `(probed again on every \`npm run bases\`; \`npm run bases -- --offline\` or \`--online\` decides for good).`,
        }),
  };
}

/** `npm run bases -- --offline|--online|--auto`: saves an explicit mode, or returns to probing. */
export async function saveExplicitMode(workspaceRoot: string, mode: ExplicitMode): Promise<string> {
  const how = `chosen with \`npm run bases -- --${mode}\``;
  if (mode === 'auto') {
    const previous = await readMirrorDecision(workspaceRoot);
    await writeMirrorDecision(workspaceRoot, { mirror: previous?.mirror ?? null, choice: 'auto', reason: how });
    return `offline bases: online/offline is probed again on every \`npm run bases\` (${DECISION}).`;
  }
  const mirror = mode === 'offline' ? OFFLINE_MIRROR : null;
  await writeMirrorDecision(workspaceRoot, { mirror, choice: 'explicit', reason: how });
  return mode === 'offline'
    ? `offline bases: offline for good on this machine: builds use stand-ins tagged ${OFFLINE_MIRROR}/<ref>, no pull probe (${DECISION}; \`--auto\` undoes it).`
    : `offline bases: online for good on this machine: builds pull official base images, no pull probe (${DECISION}; \`--auto\` undoes it).`;
}
