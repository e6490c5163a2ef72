import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBuildRecord } from '@polystage/docker';
import { afterEach, describe, expect, it } from 'vitest';
import { imageLabel } from './built-image.ts';
import { resolveSmokeImage } from './service.ts';

const ID = 'd3d2d7d56ad4'.padEnd(64, '0');

async function workspaceWithRecord(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'smoke-record-'));
  await writeBuildRecord(root, {
    project: 'api', stage: 'prod', imageId: `sha256:${ID}`, tags: ['api:prod'], sizeBytes: 1, layers: 1,
    baseImages: [], builder: { kind: 'engine' }, engineHost: 'unix:///var/run/docker.sock', builtAt: '2026-11-30T03:00:00Z',
  });
  return root;
}

describe('resolveSmokeImage', () => {
  const saved = process.env['SMOKE_IMAGE'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SMOKE_IMAGE'];
    else process.env['SMOKE_IMAGE'] = saved;
  });

  it('defaults to the image ID the docker-prod build recorded, then the spec, then SMOKE_IMAGE', async () => {
    delete process.env['SMOKE_IMAGE'];
    const root = await workspaceWithRecord();
    expect(resolveSmokeImage('api', undefined, root)).toBe(ID);
    expect(resolveSmokeImage('api', 'api:abc123', root)).toBe('api:abc123');
    process.env['SMOKE_IMAGE'] = 'api:candidate';
    expect(resolveSmokeImage('api', 'api:abc123', root)).toBe('api:candidate');
  });

  it('names the target to run when there is no record, in one line', () => {
    delete process.env['SMOKE_IMAGE'];
    const root = mkdtempSync(join(tmpdir(), 'smoke-record-'));
    expect(() => resolveSmokeImage('api', undefined, root)).toThrow(
      /^No build record of api's prod image \(dist\/images\/api\/prod\.json\): build it first with `npx nx run api:docker-prod`\.$/,
    );
  });
});

describe('imageLabel', () => {
  it('shortens a recorded ID and leaves tags alone', () => {
    expect(imageLabel(ID)).toBe('d3d2d7d56ad4');
    expect(imageLabel('api:candidate')).toBe('api:candidate');
  });
});
