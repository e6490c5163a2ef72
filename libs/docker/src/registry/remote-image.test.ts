import { describe, expect, it } from 'vitest';
import type { DockerRunner } from '../run-docker.ts';
import { indexEntries, inspectRemoteImage, parseProvenance, type ManifestDescriptor } from './remote-image.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const AMD64 = d('1');
const ARM64 = d('2');

/** What `buildx imagetools inspect --format '{{json .Manifest}}'` prints for a two-platform push with provenance. */
const INDEX: ManifestDescriptor = {
  mediaType: 'application/vnd.oci.image.index.v1+json',
  digest: d('0'),
  manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: AMD64, platform: { architecture: 'amd64', os: 'linux' } },
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: ARM64, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d('3'),
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': AMD64, 'vnd.docker.reference.type': 'attestation-manifest' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d('4'),
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': ARM64, 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  ],
};

describe('indexEntries', () => {
  it('sorts an index into its linux images by platform and the attestation manifest of each', () => {
    expect(indexEntries(INDEX)).toEqual({
      images: [
        { platform: 'linux/amd64', digest: AMD64 },
        { platform: 'linux/arm64', digest: ARM64 },
      ],
      attestations: [
        { digest: d('3'), describes: AMD64 },
        { digest: d('4'), describes: ARM64 },
      ],
    });
  });

  it('takes a lone manifest as the one image, its platform left to its config', () => {
    expect(indexEntries({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: AMD64 })).toEqual({ images: [{ digest: AMD64 }], attestations: [] });
  });
});

describe('inspectRemoteImage', () => {
  it("reads every linux image's config digest from the registry", async () => {
    const calls: string[] = [];
    const run: DockerRunner = async (_client, args) => {
      calls.push(args.join(' '));
      if (args.includes('--raw')) return { exitCode: 0, stdout: JSON.stringify({ config: { digest: args[3]!.endsWith(AMD64) ? d('a') : d('b') } }), stderr: '' };
      return { exitCode: 0, stdout: JSON.stringify(INDEX), stderr: '' };
    };
    const image = await inspectRemoteImage('docker', 'localhost:5000/acme/api:aaaaaaa', {}, run);
    expect(image).toEqual({
      digest: d('0'),
      images: [
        { platform: 'linux/amd64', digest: AMD64, configDigest: d('a') },
        { platform: 'linux/arm64', digest: ARM64, configDigest: d('b') },
      ],
      attestations: [
        { digest: d('3'), describes: AMD64 },
        { digest: d('4'), describes: ARM64 },
      ],
    });
    expect(calls.slice(1)).toEqual([`buildx imagetools inspect localhost:5000/acme/api@${AMD64} --raw`, `buildx imagetools inspect localhost:5000/acme/api@${ARM64} --raw`]);
  });

  it('is undefined when the registry has no such ref', async () => {
    const run: DockerRunner = async () => ({ exitCode: 1, stdout: '', stderr: 'ERROR: localhost:5000/acme/api:aaaaaaa: not found' });
    expect(await inspectRemoteImage('docker', 'localhost:5000/acme/api:aaaaaaa', {}, run)).toBeUndefined();
  });
});

describe('parseProvenance', () => {
  const slsa = (id: string) => ({ SLSA: { buildDefinition: { buildType: 'https://mobyproject.org/buildkit@v1' }, runDetails: { builder: { id } } } });

  it("reads one image's provenance, and an index's by platform", () => {
    expect(parseProvenance(JSON.stringify(slsa('b1')))).toEqual({ '': { buildType: 'https://mobyproject.org/buildkit@v1', builderId: 'b1' } });
    expect(parseProvenance(JSON.stringify({ 'linux/amd64': slsa('b1'), 'linux/arm64': {} }))).toEqual({ 'linux/amd64': { buildType: 'https://mobyproject.org/buildkit@v1', builderId: 'b1' } });
    expect(parseProvenance('null')).toEqual({});
    expect(parseProvenance('')).toEqual({});
  });
});
