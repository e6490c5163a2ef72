import { describe, expect, it } from 'vitest';
import type { BuildRecord } from '@polystage/docker';
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
};

describe('planPublish', () => {
  it('tags the short sha under <registry>/<image>, plus the version and latest when there are', () => {
    expect(planPublish(facts)).toEqual({ repository: 'ghcr.io/acme/api', tags: ['ghcr.io/acme/api:aaaaaaa'], notes: [] });
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
});
