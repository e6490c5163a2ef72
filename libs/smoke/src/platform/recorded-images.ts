// The images one docker-prod build recorded, one per platform. A record written before
// multi-platform builds has neither `platform` nor `platforms`, and names the host's image.
import type { BuildRecord, Platform } from '@polystage/docker';

export interface PlatformImageRef {
  platform: Platform;
  /** A bare 64-hex image ID (no `sha256:`), as docker, dockerode and testcontainers take it. */
  image: string;
}

const bareId = (imageId: string): string => imageId.replace(/^sha256:/, '');

/** Every platform's image in the record, host platform first (as the build writes them). */
export function recordedImages(record: Pick<BuildRecord, 'imageId' | 'platform'> & { platforms?: ReadonlyArray<{ platform: Platform; imageId: string }> }, host: Platform): PlatformImageRef[] {
  const images = record.platforms?.length ? record.platforms : [{ platform: record.platform ?? host, imageId: record.imageId }];
  return images.map((entry) => ({ platform: entry.platform, image: bareId(entry.imageId) }));
}
