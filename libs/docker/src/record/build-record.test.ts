import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformImages, readBuildRecord, requireBuildRecord, writeBuildRecord, type BuildRecord, type PlatformImage } from './build-record.ts';

const record: BuildRecord = {
  project: 'api',
  stage: 'prod',
  imageId: 'sha256:d3d2d7d56ad4',
  tags: ['api:prod', 'api:c249773'],
  sizeBytes: 84_000_000,
  layers: 9,
  sizeBudgetMb: 120,
  revision: 'c249773',
  baseImages: [{ arg: 'PYTHON_IMAGE', ref: 'polystage.local/python:3.13-slim-trixie', id: 'sha256:b4c1c0173753' }],
  standInBases: 'polystage.local',
  builder: { kind: 'engine' },
  engineHost: 'unix:///var/run/docker.sock',
  builtAt: '2026-11-30T03:00:00.000Z',
};

describe('build records', () => {
  it('reads back what was written, at dist/images/<project>/<stage>.json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'record-'));
    expect(await writeBuildRecord(root, record)).toBe(join(root, 'dist/images/api/prod.json'));
    expect(readBuildRecord(root, 'api', 'prod')).toEqual(record);
  });

  it('names the target that writes a missing record, in one line', () => {
    const root = mkdtempSync(join(tmpdir(), 'record-'));
    expect(readBuildRecord(root, 'api', 'prod')).toBeUndefined();
    expect(() => requireBuildRecord(root, 'api', 'prod')).toThrow(
      /^No build record of api's prod image \(dist\/images\/api\/prod\.json\): build it first with `npx nx run api:docker-prod`\.$/,
    );
  });
});

describe('platformImages', () => {
  const single: BuildRecord = {
    project: 'api', stage: 'prod', imageId: `sha256:${'b'.repeat(64)}`, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9,
    sizeBudgetMb: 120, baseImages: [], builder: { kind: 'buildx', name: 'polystage', driver: 'remote' },
    engineHost: 'unix:///var/run/docker.sock', builtAt: '2026-11-30T05:00:00Z',
  };
  const amd64: PlatformImage = { platform: 'linux/amd64', imageId: single.imageId, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, buildSeconds: 30 };
  const arm64: PlatformImage = { platform: 'linux/arm64', imageId: `sha256:${'c'.repeat(64)}`, tags: ['api:prod-linux-arm64'], sizeBytes: 86_000_000, layers: 9, sizeBudgetMb: 125, buildSeconds: 190, emulated: { steps: 3, seconds: 150 } };

  it("reads a record from before multi-platform builds as one image of its platform, or the host's", () => {
    expect(platformImages(single, 'linux/arm64')).toEqual([{ platform: 'linux/arm64', imageId: single.imageId, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, buildSeconds: 0 }]);
  });

  it('lists every platform, the top-level image first', () => {
    expect(platformImages({ ...single, platform: 'linux/amd64', platforms: [arm64, amd64] }, 'linux/amd64')).toEqual([amd64, arm64]);
  });
});
