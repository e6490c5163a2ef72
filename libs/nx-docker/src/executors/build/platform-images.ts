/**
 * A build record's image fields from the platform images a build made: every platform in
 * `platforms`, and the top-level fields (what every reader before multi-platform builds reads)
 * from the host's image when it was built, else the first.
 */
import type { BuildRecord, Platform, PlatformImage } from '@polystage/docker';

export type RecordImageFields = Pick<BuildRecord, 'platform' | 'imageId' | 'tags' | 'sizeBytes' | 'layers' | 'sizeBudgetMb' | 'platforms'>;

export function recordImageFields(images: readonly PlatformImage[], host: Platform): RecordImageFields {
  const top = images.find((image) => image.platform === host) ?? images[0];
  if (!top) throw new Error('A build record needs at least one platform image.');
  return {
    platform: top.platform,
    imageId: top.imageId,
    tags: top.tags,
    sizeBytes: top.sizeBytes,
    layers: top.layers,
    ...(top.sizeBudgetMb !== undefined ? { sizeBudgetMb: top.sizeBudgetMb } : {}),
    platforms: [...images],
  };
}
