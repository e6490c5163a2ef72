import { describe, expect, it } from 'vitest';
import type { PlatformImage, RemoteImage } from '@polystage/docker';
import { matchIndex } from './pushed-index.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const images: PlatformImage[] = [
  { platform: 'linux/amd64', imageId: d('a'), tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9, buildSeconds: 30 },
  { platform: 'linux/arm64', imageId: d('b'), tags: ['api:prod-linux-arm64'], sizeBytes: 86_000_000, layers: 9, buildSeconds: 190 },
];
const remote: RemoteImage = {
  digest: d('0'),
  images: [
    { platform: 'linux/arm64', digest: d('2'), configDigest: d('b') },
    { platform: 'linux/amd64', digest: d('1'), configDigest: d('a') },
  ],
  attestations: [
    { digest: d('3'), describes: d('1') },
    { digest: d('4'), describes: d('2') },
  ],
};

describe('matchIndex', () => {
  it("finds each recorded platform's manifest in the index, in the record's order, with its attestation", () => {
    expect(matchIndex(images, remote)).toEqual({
      platforms: [
        { platform: 'linux/amd64', digest: d('1'), configDigest: d('a'), attested: true },
        { platform: 'linux/arm64', digest: d('2'), configDigest: d('b'), attested: true },
      ],
    });
    expect(matchIndex(images.slice(0, 1), { ...remote, images: remote.images.slice(1), attestations: [] })).toEqual({
      platforms: [{ platform: 'linux/amd64', digest: d('1'), configDigest: d('a'), attested: false }],
    });
  });

  it('says in one line which platform is missing, different, or not built here', () => {
    expect(matchIndex(images, { ...remote, images: remote.images.slice(1) })).toEqual({ problem: 'it has no linux/arm64 image (it holds linux/amd64)' });
    expect(matchIndex(images, { ...remote, images: [remote.images[0]!, { ...remote.images[1]!, configDigest: d('c') }] })).toEqual({
      problem: `its linux/amd64 image (config ${'c'.repeat(12)}) is not the smoke-tested ${'a'.repeat(12)}`,
    });
    expect(matchIndex(images.slice(0, 1), remote)).toEqual({ problem: 'it also holds linux/arm64, which this build did not make' });
  });
});
