/**
 * What verify-images asks of a published index: every platform docker-publish recorded is in it,
 * under the same manifest digest, with BuildKit's attestation manifest (provenance) describing it.
 */
import type { Provenance, RemoteImage } from '@polystage/docker';

export interface RecordedPlatform {
  platform: string;
  /** The platform's image manifest, as docker-publish recorded it. */
  digest: string;
}

/** One line per problem; none when the index holds every recorded platform, each attested. */
export function indexProblems(recorded: readonly RecordedPlatform[], remote: RemoteImage): string[] {
  return recorded.flatMap((entry) => {
    const found = remote.images.find((image) => image.platform === entry.platform);
    if (!found) return [`${entry.platform} is not in the index (it holds ${remote.images.map((image) => image.platform).join(', ') || 'no linux image'})`];
    if (found.digest !== entry.digest) return [`${entry.platform} is ${found.digest} in the index, not the published ${entry.digest}`];
    if (!remote.attestations.some((attestation) => attestation.describes === found.digest)) return [`${entry.platform} has no attestation manifest in the index`];
    return [];
  });
}

/** A platform's provenance: by platform for an index of several, the one there is for one platform. */
export function provenanceOf(found: Readonly<Record<string, Provenance>>, platform: string, platforms: number): Provenance | undefined {
  return found[platform] ?? (platforms === 1 ? found[''] : undefined);
}
