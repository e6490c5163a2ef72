import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBuildRecord, type BuildRecord } from '@polystage/docker';
import { describe, expect, it } from 'vitest';
import { recordedImages } from './recorded-images.ts';
import { requestedPlatforms, selectImages } from './select-platforms.ts';
import { platformMismatch, smokeTargets, suiteName } from './smoke-targets.ts';

const AMD = 'a1'.padEnd(64, '0');
const ARM = 'b2'.padEnd(64, '0');

const baseRecord: BuildRecord = {
  project: 'api', stage: 'prod', imageId: `sha256:${AMD}`, tags: ['api:prod'], sizeBytes: 1, layers: 1,
  baseImages: [], builder: { kind: 'engine' }, engineHost: 'unix:///var/run/docker.sock', builtAt: '2026-11-30T03:00:00Z',
};
/** A record as multi-platform docker-prod writes it: the host's image on top, every platform's in `platforms`. */
const multiRecord = {
  ...baseRecord,
  platform: 'linux/amd64',
  platforms: [
    { platform: 'linux/amd64', imageId: `sha256:${AMD}`, tags: ['api:prod'], sizeBytes: 1, layers: 1, buildSeconds: 10 },
    { platform: 'linux/arm64', imageId: `sha256:${ARM}`, tags: ['api:prod-arm64'], sizeBytes: 1, layers: 1, buildSeconds: 90, emulated: { steps: 2, seconds: 60 } },
  ],
} as BuildRecord;

async function workspaceWith(record: BuildRecord): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'smoke-targets-'));
  await writeBuildRecord(root, record);
  return root;
}

describe('recordedImages', () => {
  it('reads a record from before multi-platform builds as the host platform\'s one image', () => {
    expect(recordedImages(baseRecord, 'linux/amd64')).toEqual([{ platform: 'linux/amd64', image: AMD }]);
    expect(recordedImages({ ...baseRecord, imageId: `sha256:${ARM}`, platform: 'linux/arm64' }, 'linux/amd64')).toEqual([{ platform: 'linux/arm64', image: ARM }]);
  });

  it('lists every platform of a multi-platform record, in its order', () => {
    expect(recordedImages(multiRecord, 'linux/amd64')).toEqual([
      { platform: 'linux/amd64', image: AMD },
      { platform: 'linux/arm64', image: ARM },
    ]);
  });
});

describe('requestedPlatforms and selectImages', () => {
  const both = [{ platform: 'linux/amd64', image: AMD }, { platform: 'linux/arm64', image: ARM }] as const;

  it('takes every recorded platform when SMOKE_PLATFORMS is unset or blank', () => {
    expect(requestedPlatforms({})).toBeUndefined();
    expect(requestedPlatforms({ SMOKE_PLATFORMS: ' ' })).toBeUndefined();
    expect(selectImages('api', both, undefined)).toEqual(both);
  });

  it('narrows to SMOKE_PLATFORMS, in the record\'s order', () => {
    expect(selectImages('api', both, requestedPlatforms({ SMOKE_PLATFORMS: 'linux/arm64' }))).toEqual([both[1]]);
    expect(selectImages('api', both, requestedPlatforms({ SMOKE_PLATFORMS: 'linux/arm64,linux/amd64' }))).toEqual(both);
  });

  it('names SMOKE_PLATFORMS in a bad entry\'s error', () => {
    expect(() => requestedPlatforms({ SMOKE_PLATFORMS: 'linux/riscv64' })).toThrow(/^SMOKE_PLATFORMS=linux\/riscv64 names "linux\/riscv64"/);
  });

  it('names the build that adds a platform the record lacks, keeping the ones it has, in one line', () => {
    expect(() => selectImages('api', [both[0]], ['linux/arm64'])).toThrow(
      /^SMOKE_PLATFORMS asks for linux\/arm64, but api's prod build record holds only linux\/amd64: build it with `BUILD_PLATFORMS=linux\/amd64,linux\/arm64 npx nx run api:docker-prod`\.$/,
    );
  });
});

describe('smokeTargets', () => {
  it('runs the host platform natively and another under emulation, with its factor', async () => {
    const root = await workspaceWith(multiRecord);
    expect(smokeTargets('api', { root, env: {}, host: 'linux/amd64' })).toEqual([
      { platform: 'linux/amd64', image: AMD, emulated: false, emulationFactor: 1 },
      { platform: 'linux/arm64', image: ARM, emulated: true, emulationFactor: 10 },
    ]);
    expect(smokeTargets('api', { root, env: { SMOKE_PLATFORMS: 'linux/arm64', SMOKE_EMULATION_FACTOR: '3' }, host: 'linux/amd64' })).toEqual([
      { platform: 'linux/arm64', image: ARM, emulated: true, emulationFactor: 3 },
    ]);
    // On an arm64 host the amd64 image is the emulated one.
    expect(smokeTargets('api', { root, env: {}, host: 'linux/arm64' }).map((target) => [target.platform, target.emulated])).toEqual([
      ['linux/amd64', true],
      ['linux/arm64', false],
    ]);
  });

  it('keeps testing an old record\'s one image on the host', async () => {
    const root = await workspaceWith(baseRecord);
    expect(smokeTargets('api', { root, env: {}, host: 'linux/amd64' })).toEqual([{ platform: 'linux/amd64', image: AMD, emulated: false, emulationFactor: 1 }]);
    expect(() => smokeTargets('api', { root, env: { SMOKE_PLATFORMS: 'linux/arm64' }, host: 'linux/amd64' })).toThrow(
      'SMOKE_PLATFORMS asks for linux/arm64, but api\'s prod build record holds only linux/amd64: build it with `BUILD_PLATFORMS=linux/amd64,linux/arm64 npx nx run api:docker-prod`.',
    );
  });

  it('tests a named image (SMOKE_IMAGE over the spec\'s) as one platform, without a record', () => {
    const root = mkdtempSync(join(tmpdir(), 'smoke-targets-'));
    expect(smokeTargets('fixture', { root, image: 'fixture:good', env: {}, host: 'linux/amd64' })).toEqual([
      { platform: 'linux/amd64', image: 'fixture:good', emulated: false, emulationFactor: 1 },
    ]);
    expect(smokeTargets('api', { root, image: 'fixture:good', env: { SMOKE_IMAGE: 'api:arm', SMOKE_PLATFORMS: 'linux/arm64' }, host: 'linux/amd64' })).toEqual([
      { platform: 'linux/arm64', image: 'api:arm', emulated: true, emulationFactor: 10 },
    ]);
    expect(() => smokeTargets('api', { root, env: { SMOKE_IMAGE: 'api:x', SMOKE_PLATFORMS: 'linux/amd64,linux/arm64' }, host: 'linux/amd64' })).toThrow(
      /^SMOKE_IMAGE \(or the spec's image\) is one image, but SMOKE_PLATFORMS names linux\/amd64, linux\/arm64: set SMOKE_PLATFORMS to that image's platform, or unset SMOKE_IMAGE\.$/,
    );
  });
});

describe('suiteName', () => {
  it('keeps the host image\'s name and adds the platform for an emulated one', () => {
    expect(suiteName('api', { platform: 'linux/amd64', image: AMD, emulated: false })).toBe('api prod image (a10000000000)');
    expect(suiteName('api', { platform: 'linux/arm64', image: ARM, emulated: true })).toBe('api prod image linux/arm64 (b20000000000)');
  });
});

describe('platformMismatch', () => {
  it('passes an image of the target\'s platform and names the difference otherwise', () => {
    expect(platformMismatch('api', { platform: 'linux/arm64', image: ARM }, 'linux/arm64')).toBeUndefined();
    expect(platformMismatch('api', { platform: 'linux/arm64', image: ARM }, 'linux/amd64')).toBe(
      "Image b20000000000 is linux/amd64, but api's smoke run takes it for linux/arm64: with SMOKE_IMAGE set SMOKE_PLATFORMS=linux/amd64, else rebuild it (`npx nx run api:docker-prod`).",
    );
  });
});
