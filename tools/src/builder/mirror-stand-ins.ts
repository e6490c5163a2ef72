/**
 * A BuildKit daemon pulls its bases from registries, and the offline stand-ins exist only in the
 * engine: each platform's stand-in is pushed to the loopback mirror registry
 * (`<registry>/platforms/linux-arm64/<ref>`), and `<registry>/<ref>`, which buildkitd serves
 * `polystage.local/<ref>` from, becomes an index of every platform's
 * stand-in of that ref. It is an index even with one platform: a build for a platform whose
 * stand-in was never built then fails at its FROM ("no match for platform") instead of quietly
 * running the host's image. A push of an unchanged stand-in sends no layers.
 */
import { createImageIndex, hostPlatform, platformSlug, pushImage, repositoryOf, SUPPORTED_PLATFORMS, tagImage, untagImages, type Engine, type Platform } from '@polystage/docker';
import type { LocalStandIn } from '../offline-bases/local-stand-ins.ts';
import { platformMirror } from '../offline-bases/plan.ts';

export interface MirroredStandIn {
  /** `polystage.local/<ref>`: what a Dockerfile's FROM names through the mirror. */
  ref: string;
  /** Where buildkitd finds it: an index of the platforms below. */
  mirrored: string;
  digest: string;
  platforms: Array<{ platform: Platform; tag: string; digest: string }>;
}

/** Where one platform's stand-in of `ref` is pushed before the index at `<registry>/<ref>` names it. */
export function platformRepository(registryHost: string, platform: Platform, ref: string): string {
  return `${registryHost}/platforms/${platformSlug(platform)}/${ref}`;
}

/** Which platform's stand-in a local tag is, and of which ref; undefined for tags of no platform (test leftovers). */
export function standInPlatform(standIn: LocalStandIn, mirror: string, host: Platform = hostPlatform()): { platform: Platform; ref: string } | undefined {
  const ref = standIn.labels.standInFor;
  if (!ref) return undefined;
  const platform = SUPPORTED_PLATFORMS.find((p) => standIn.tag === `${platformMirror(mirror, p, host)}/${ref}`);
  return platform ? { platform, ref } : undefined;
}

export async function mirrorStandIns(engine: Pick<Engine, 'client'>, standIns: readonly LocalStandIn[], mirror: string, registryHost: string): Promise<MirroredStandIn[]> {
  const byRef = new Map<string, MirroredStandIn['platforms']>();
  for (const standIn of standIns) {
    const which = standInPlatform(standIn, mirror);
    if (!which) continue;
    const repository = platformRepository(registryHost, which.platform, which.ref);
    await tagImage(engine, standIn.tag, [repository]);
    try {
      const digest = await pushImage(engine, repository);
      byRef.set(which.ref, [...(byRef.get(which.ref) ?? []), { platform: which.platform, tag: standIn.tag, digest }]);
    } finally {
      // The engine keeps the stand-in under its own name only.
      await untagImages(engine, [repository]);
    }
  }
  const mirrored: MirroredStandIn[] = [];
  for (const [ref, platforms] of byRef) {
    const target = `${registryHost}/${ref}`;
    const sources = platforms.map((p) => `${repositoryOf(platformRepository(registryHost, p.platform, ref))}@${p.digest}`);
    mirrored.push({ ref: `${mirror.replace(/\/+$/, '')}/${ref}`, mirrored: target, digest: await createImageIndex(engine.client, target, sources), platforms });
  }
  return mirrored;
}

