import { describe, expect, it } from 'vitest';
import type { RemoteImage } from '@polystage/docker';
import { indexProblems, provenanceOf } from './index-coverage.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const recorded = [
  { platform: 'linux/amd64', digest: d('1') },
  { platform: 'linux/arm64', digest: d('2') },
];
const remote: RemoteImage = {
  digest: d('0'),
  images: [
    { platform: 'linux/amd64', digest: d('1'), configDigest: d('a') },
    { platform: 'linux/arm64', digest: d('2'), configDigest: d('b') },
  ],
  attestations: [
    { digest: d('3'), describes: d('1') },
    { digest: d('4'), describes: d('2') },
  ],
};

describe('indexProblems', () => {
  it('passes an index holding every recorded platform, each with its attestation manifest', () => {
    expect(indexProblems(recorded, remote)).toEqual([]);
  });

  it('names a missing platform, a moved manifest and a missing attestation, one line each', () => {
    expect(indexProblems(recorded, { ...remote, images: remote.images.slice(0, 1) })).toEqual(['linux/arm64 is not in the index (it holds linux/amd64)']);
    expect(indexProblems(recorded, { ...remote, images: [remote.images[0]!, { ...remote.images[1]!, digest: d('5') }] })).toEqual([`linux/arm64 is ${d('5')} in the index, not the published ${d('2')}`]);
    expect(indexProblems(recorded, { ...remote, attestations: remote.attestations.slice(1) })).toEqual(['linux/amd64 has no attestation manifest in the index']);
  });
});

describe('provenanceOf', () => {
  const slsa = { buildType: 'https://mobyproject.org/buildkit@v1' };
  it("takes a platform's provenance from an index of several, and the only one for one platform", () => {
    expect(provenanceOf({ 'linux/arm64': slsa }, 'linux/arm64', 2)).toBe(slsa);
    expect(provenanceOf({ '': slsa }, 'linux/amd64', 1)).toBe(slsa);
    expect(provenanceOf({ '': slsa }, 'linux/amd64', 2)).toBeUndefined();
  });
});
