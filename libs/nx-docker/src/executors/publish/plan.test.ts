import { describe, expect, it } from 'vitest';
import type { BuildRecord, PlatformImage } from '@polystage/docker';
import { planPublish, type PublishFacts } from './plan.ts';

const SHA = 'a'.repeat(40);
const record: BuildRecord = {
  project: 'api', stage: 'prod', imageId: `sha256:${'b'.repeat(64)}`, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9,
  sizeBudgetMb: 120, revision: SHA, baseImages: [], builder: { kind: 'buildx', name: 'polystage', driver: 'remote' },
  engineHost: 'unix:///var/run/docker.sock', builtAt: '2026-11-30T05:00:00Z',
};
const facts: PublishFacts = {
  project: 'api', image: 'api', buildTarget: 'docker-prod', registry: 'ghcr.io/acme/', record,
  head: { sha: SHA, shortSha: 'aaaaaaa' }, dirty: [], allowDirty: false, version: undefined, latest: false,
  platforms: ['linux/amd64'], host: 'linux/amd64',
};
const amd64: PlatformImage = { platform: 'linux/amd64', imageId: record.imageId, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, buildSeconds: 30 };
const arm64: PlatformImage = { platform: 'linux/arm64', imageId: `sha256:${'c'.repeat(64)}`, tags: ['api:prod-linux-arm64'], sizeBytes: 86_000_000, layers: 9, sizeBudgetMb: 125, buildSeconds: 190, emulated: { steps: 3, seconds: 150 } };
const twoPlatforms: BuildRecord = { ...record, platform: 'linux/amd64', platforms: [arm64, amd64] };

describe('planPublish', () => {
  it('tags the short sha under <registry>/<image>, plus the version and latest when there are', () => {
    expect(planPublish(facts)).toEqual({
      repository: 'ghcr.io/acme/api', tags: ['ghcr.io/acme/api:aaaaaaa'], notes: [],
      images: [{ platform: 'linux/amd64', imageId: record.imageId, tags: ['api:prod'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, buildSeconds: 0 }],
    });
    expect(planPublish({ ...facts, version: '1.4.0', latest: true })).toMatchObject({
      tags: ['ghcr.io/acme/api:aaaaaaa', 'ghcr.io/acme/api:1.4.0', 'ghcr.io/acme/api:latest'],
    });
  });

  it('refuses, in one line each, what must not be published', () => {
    const refusal = (change: Partial<PublishFacts>) => (planPublish({ ...facts, ...change }) as { refused: string }).refused;
    expect(refusal({ registry: undefined })).toBe('api: docker-publish needs IMAGE_REGISTRY (the registry and namespace to push to, e.g. IMAGE_REGISTRY=localhost:5000/acme); nothing was pushed.');
    expect(refusal({ head: undefined })).toMatch(/not a git checkout; nothing was pushed\.$/);
    expect(refusal({ dirty: [' M services/api/app.py', '?? notes.txt'] })).toBe(
      'api: the work tree has uncommitted changes (services/api/app.py and 1 more), so the image would not match a commit: commit them, or pass --allowDirty; nothing was pushed.',
    );
    expect(refusal({ head: { sha: 'c'.repeat(40), shortSha: 'ccccccc' } })).toBe(
      'api: api:prod was built from aaaaaaa, but HEAD is ccccccc: run `npx nx run api:docker-prod` (and its smoke tests) first; nothing was pushed.',
    );
    expect(refusal({ record: { ...record, sizeBytes: 130_000_000 } })).toBe('api: api:prod is 130.0 MB, over its 120 MB budget; shrink it or raise sizeBudgetMb; nothing was pushed.');
    expect(refusal({ record: { ...record, standInBases: 'polystage.local' } })).toMatch(/^api: api:prod was built on local stand-in bases \(polystage.local\), not the official images: publish it only to a loopback registry/);
    for (const line of [refusal({ registry: '' }), refusal({ dirty: ['?? x'] })]) expect(line).not.toContain('\n');
  });

  it('publishes a dirty tree when allowed, and stand-in images to a loopback registry only, saying so', () => {
    expect(planPublish({ ...facts, dirty: [' M x'], allowDirty: true })).toMatchObject({ tags: ['ghcr.io/acme/api:aaaaaaa'] });
    const local = planPublish({ ...facts, registry: '127.0.0.1:5200/acme', record: { ...record, standInBases: 'polystage.local' } });
    expect(local).toMatchObject({ repository: '127.0.0.1:5200/acme/api', notes: [expect.stringMatching(/stand-in bases .* loopback registry 127.0.0.1:5200\/acme only/)] });
    expect(planPublish({ ...facts, registry: 'localhost:5000', record: { ...record, standInBases: 'polystage.local' } })).not.toHaveProperty('refused');
  });

  it('publishes every recorded platform, the top-level one first, each checked against its own budget', () => {
    expect(planPublish({ ...facts, record: twoPlatforms, platforms: ['linux/amd64', 'linux/arm64'] })).toMatchObject({ images: [amd64, arm64] });
    const refusal = (change: Partial<PublishFacts>) => (planPublish({ ...facts, record: twoPlatforms, platforms: ['linux/amd64', 'linux/arm64'], ...change }) as { refused: string }).refused;
    expect(refusal({ record: { ...twoPlatforms, platforms: [{ ...arm64, sizeBytes: 126_000_000 }, amd64] } })).toBe(
      'api: api:prod (linux/arm64) is 126.0 MB, over its 125 MB budget; shrink it or raise sizeBudgetMb; nothing was pushed.',
    );
  });

  it('refuses, in one line, when this run asks for other platforms than docker-prod built', () => {
    expect((planPublish({ ...facts, platforms: ['linux/amd64', 'linux/arm64'] }) as { refused: string }).refused).toBe(
      "api: api:prod was built for linux/amd64, but this run asks for linux/amd64, linux/arm64 (BUILD_PLATFORMS, or the target's platforms): run `npx nx run api:docker-prod` with the same platforms (and its smoke tests) first; nothing was pushed.",
    );
    expect(planPublish({ ...facts, record: twoPlatforms, platforms: ['linux/amd64'] })).toHaveProperty('refused');
    // Same platforms in another order are the same build.
    expect(planPublish({ ...facts, record: twoPlatforms, platforms: ['linux/arm64', 'linux/amd64'] })).not.toHaveProperty('refused');
  });
});
