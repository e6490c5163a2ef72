// Reads an image's configuration (user, size, exposed ports) from the local engine.
import { dockerode } from '../engine.ts';

export interface ImageFacts {
  image: string;
  id: string;
  /** Config.User as written in the image, '' when unset (which means root). */
  user: string;
  /** Uncompressed size in bytes, as `docker image inspect` reports it. */
  sizeBytes: number;
  exposedPorts: string[];
  /** `os/architecture` from the image config, e.g. "linux/arm64" (no variant). */
  platform: string;
}

export async function inspectLocalImage(image: string): Promise<ImageFacts> {
  const docker = await dockerode();
  try {
    const info = await docker.getImage(image).inspect();
    return {
      image,
      id: info.Id,
      user: info.Config?.User ?? '',
      sizeBytes: info.Size,
      exposedPorts: Object.keys(info.Config?.ExposedPorts ?? {}),
      platform: `${info.Os}/${info.Architecture}`,
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) {
      throw new Error(
        `Image ${image} is not in the engine smoke containers run on (the one builds use). Build it first (e.g. \`npx nx run <project>:docker-prod\`) ` +
          'or point SMOKE_IMAGE at an image that exists; the smoke kit never pulls.',
      );
    }
    throw error;
  }
}

export type UserVerdict = { ok: true; uid: number } | { ok: false; reason: string };

/**
 * Judges Config.User. Only a numeric uid other than 0 passes: a name can only be
 * resolved through the image's /etc/passwd (and Kubernetes' runAsNonRoot refuses
 * names for the same reason), so "nonroot" is reported as not provably non-root.
 */
export function judgeImageUser(user: string): UserVerdict {
  const trimmed = user.trim();
  if (trimmed === '') return { ok: false, reason: 'no USER is set, so it runs as root (uid 0)' };
  const [uidPart = '', gidPart] = trimmed.split(':');
  if (!/^\d+$/.test(uidPart)) {
    return {
      ok: false,
      reason: `USER is "${trimmed}", a name; use a numeric uid (e.g. USER 65532:65532) so non-root is provable without the image's /etc/passwd`,
    };
  }
  const uid = Number(uidPart);
  if (uid === 0) return { ok: false, reason: `USER is "${trimmed}", which is uid 0 (root)` };
  if (gidPart !== undefined && !/^\d+$/.test(gidPart)) {
    return { ok: false, reason: `USER is "${trimmed}": the group must be numeric too` };
  }
  return { ok: true, uid };
}
