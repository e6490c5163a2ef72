import { describe, expect, it } from 'vitest';
import { inspectImages, namesImage, parseImageInspect, shortImageId, withExplicitTag } from './inspect-image.ts';

const JAVA = {
  Id: 'sha256:8cca185557870000000000000000000000000000000000000000000000000000',
  RepoTags: ['polystage.local/gcr.io/distroless/java25-debian13:nonroot'],
  Size: 277_000_000,
  RootFS: { Layers: ['sha256:a', 'sha256:b'] },
  Config: { User: '65532', Labels: { 'org.polystage.stand-in-for': 'gcr.io/distroless/java25-debian13:nonroot' }, ExposedPorts: { '8080/tcp': {} } },
};
const UNTAGGED = { Id: 'sha256:feedface', RepoTags: null, Size: 10, Config: null };

describe('parseImageInspect', () => {
  it('reads id, tags, size, layers, labels, user and ports, with empty defaults', () => {
    const [java, untagged] = parseImageInspect(JSON.stringify([JAVA, UNTAGGED]));
    expect(java).toMatchObject({ id: JAVA.Id, repoTags: JAVA.RepoTags, sizeBytes: 277_000_000, layers: 2, user: '65532', exposedPorts: ['8080/tcp'] });
    expect(java!.labels).toEqual(JAVA.Config.Labels);
    expect(untagged).toMatchObject({ repoTags: [], layers: 0, labels: {}, user: '', entrypoint: null });
    expect(parseImageInspect('')).toEqual([]);
  });
});

describe('inspectImages', () => {
  it('maps each ref asked for to its image, and missing ones to undefined, in one docker call', async () => {
    const calls: string[][] = [];
    const run = async (_client: string, args: readonly string[]) => {
      calls.push([...args]);
      return { exitCode: 1, stdout: JSON.stringify([JAVA]), stderr: 'Error: No such image: polystage.local/debian' };
    };
    const found = await inspectImages({ client: 'docker' }, ['polystage.local/gcr.io/distroless/java25-debian13:nonroot', 'polystage.local/debian'], run);
    expect(calls).toHaveLength(1);
    expect(found.get('polystage.local/gcr.io/distroless/java25-debian13:nonroot')?.id).toBe(JAVA.Id);
    expect(found.get('polystage.local/debian')).toBeUndefined();
  });
});

describe('namesImage', () => {
  it('matches a tag, a bare name as :latest, and a full or short ID', () => {
    const image = { id: 'sha256:8cca185557870000', repoTags: ['debian:latest'], repoDigests: ['debian@sha256:abc'] };
    expect(namesImage('debian', image)).toBe(true);
    expect(namesImage('debian:latest', image)).toBe(true);
    expect(namesImage('sha256:8cca185557870000', image)).toBe(true);
    expect(namesImage('8cca18555787', image)).toBe(true);
    expect(namesImage('debian:trixie', image)).toBe(false);
  });

  it('matches a digest-pinned ref (tag beside the digest, as Renovate writes it) by its repo digest', () => {
    const image = { id: 'sha256:1', repoTags: [], repoDigests: ['localhost:5000/debian@sha256:abc'] };
    expect(namesImage('localhost:5000/debian:trixie-slim@sha256:abc', image)).toBe(true);
    expect(namesImage('localhost:5000/debian@sha256:abc', image)).toBe(true);
    expect(namesImage('localhost:5000/debian@sha256:def', image)).toBe(false);
  });
});

describe('withExplicitTag', () => {
  it('adds :latest only where docker would', () => {
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13')).toBe('polystage.local/gcr.io/distroless/static-debian13:latest');
    expect(withExplicitTag('polystage.local/gcr.io/distroless/static-debian13:nonroot')).toBe('polystage.local/gcr.io/distroless/static-debian13:nonroot');
    expect(withExplicitTag('localhost:5000/debian')).toBe('localhost:5000/debian:latest');
  });
});

describe('shortImageId', () => {
  it('is the 12 hex digits docker images shows', () => {
    expect(shortImageId('sha256:d3d2d7d56ad4aaaaaaaa')).toBe('d3d2d7d56ad4');
  });
});
