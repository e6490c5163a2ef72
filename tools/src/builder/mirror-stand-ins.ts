/**
 * A BuildKit daemon pulls its bases from registries, and the offline stand-ins exist only in the
 * engine: each is pushed to the loopback mirror registry under its official name
 * (`polystage.local/python:3.13-slim-trixie` -> `127.0.0.1:5123/python:3.13-slim-trixie`), which
 * buildkitd serves `polystage.local/…` from. A push of an unchanged stand-in sends no layers.
 */
import { pushImage, tagImage, untagImages, type Engine } from '@polystage/docker';
import type { LocalStandIn } from '../offline-bases/local-stand-ins.ts';

export interface MirroredStandIn {
  tag: string;
  /** Where buildkitd finds it. */
  mirrored: string;
  digest: string;
}

/** `<registry>/<ref>` for `<mirror>/<ref>`. */
export function mirrorRef(tag: string, mirror: string, registryHost: string): string {
  const prefix = `${mirror.replace(/\/+$/, '')}/`;
  if (!tag.startsWith(prefix)) throw new Error(`${tag} is not under the stand-in prefix ${prefix}.`);
  return `${registryHost}/${tag.slice(prefix.length)}`;
}

export async function mirrorStandIns(engine: Pick<Engine, 'client'>, standIns: readonly LocalStandIn[], mirror: string, registryHost: string): Promise<MirroredStandIn[]> {
  const mirrored: MirroredStandIn[] = [];
  for (const standIn of standIns) {
    const ref = mirrorRef(standIn.tag, mirror, registryHost);
    await tagImage(engine, standIn.tag, [ref]);
    try {
      mirrored.push({ tag: standIn.tag, mirrored: ref, digest: await pushImage(engine, ref) });
    } finally {
      // The engine keeps the stand-in under its own name only.
      await untagImages(engine, [ref]);
    }
  }
  return mirrored;
}
