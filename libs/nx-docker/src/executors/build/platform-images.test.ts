import { describe, expect, it } from 'vitest';
import type { PlatformImage } from '@polystage/docker';
import { recordImageFields } from './platform-images.ts';

const amd64: PlatformImage = { platform: 'linux/amd64', imageId: 'sha256:aaa', tags: ['api:prod', 'api:c249773'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, buildSeconds: 31.2 };
const arm64: PlatformImage = {
  platform: 'linux/arm64', imageId: 'sha256:bbb', tags: ['api:prod-linux-arm64', 'api:c249773-linux-arm64'], sizeBytes: 86_500_000, layers: 9, sizeBudgetMb: 125, buildSeconds: 190.4,
  emulated: { steps: 3, seconds: 151.8 },
};

describe('recordImageFields', () => {
  it("puts the host platform's image in the top-level fields and every platform in platforms", () => {
    expect(recordImageFields([amd64, arm64], 'linux/amd64')).toEqual({
      platform: 'linux/amd64', imageId: 'sha256:aaa', tags: ['api:prod', 'api:c249773'], sizeBytes: 84_000_000, layers: 9, sizeBudgetMb: 120, platforms: [amd64, arm64],
    });
  });

  it('takes the first platform when the host was not built, and writes platforms for one platform too', () => {
    expect(recordImageFields([arm64], 'linux/amd64')).toMatchObject({ platform: 'linux/arm64', imageId: 'sha256:bbb', tags: arm64.tags, sizeBudgetMb: 125, platforms: [arm64] });
    const { sizeBudgetMb: _, ...unbudgeted } = amd64;
    expect(recordImageFields([unbudgeted], 'linux/amd64')).not.toHaveProperty('sizeBudgetMb');
  });
});

