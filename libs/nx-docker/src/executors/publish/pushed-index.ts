/**
 * The reproducibility rule of publishing, per platform: what a registry ref holds must be exactly
 * the images docker-prod built and the smoke tests ran, one per recorded platform, each with the
 * recorded image ID as its config digest; only then does a tag move to it.
 */
import type { PlatformImage, RemoteImage } from '@polystage/docker';

export interface IndexPlatform {
  platform: PlatformImage['platform'];
  /** The platform's image manifest in the index. */
  digest: string;
  configDigest: string;
  /** BuildKit's attestation manifest (provenance) describes this image. */
  attested: boolean;
}

/** Each recorded platform's manifest in `remote`, or one line saying which platform differs and how. */
export function matchIndex(images: readonly PlatformImage[], remote: RemoteImage): { platforms: IndexPlatform[] } | { problem: string } {
  const platforms: IndexPlatform[] = [];
  for (const image of images) {
    const found = remote.images.find((candidate) => candidate.platform === image.platform);
    if (!found) return { problem: `it has no ${image.platform} image (it holds ${remote.images.map((candidate) => candidate.platform).join(', ')})` };
    if (found.configDigest !== image.imageId) {
      return { problem: `its ${image.platform} image (config ${short(found.configDigest)}) is not the smoke-tested ${short(image.imageId)}` };
    }
    const attested = remote.attestations.some((attestation) => attestation.describes === found.digest);
    platforms.push({ platform: image.platform, digest: found.digest, configDigest: found.configDigest, attested });
  }
  const extra = remote.images.filter((candidate) => !images.some((image) => image.platform === candidate.platform));
  if (extra.length > 0) return { problem: `it also holds ${extra.map((candidate) => candidate.platform).join(', ')}, which this build did not make` };
  return { platforms };
}

function short(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
