// The images one docker-prod build recorded, one per platform. A record written before
// multi-platform builds has neither `platform` nor `platforms`, and names the host's image.
import { platformImages, type BuildRecord, type Platform } from '@polystage/docker';

export interface PlatformImageRef {
  platform: Platform;
  /** A bare 64-hex image ID (no `sha256:`), as docker, dockerode and testcontainers take it. */
  image: string;
}

const bareId = (imageId: string): string => imageId.replace(/^sha256:/, '');

/** Every platform's image in the record, the top-level (host's) one first, by bare ID. */
export function recordedImages(record: BuildRecord, host: Platform): PlatformImageRef[] {
  return platformImages(record, host).map((entry) => ({ platform: entry.platform, image: bareId(entry.imageId) }));
}
