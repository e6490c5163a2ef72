import { describe, expect, it } from 'vitest';
import type { Builder } from '@polystage/docker';
import { stagePlatforms } from './stage-platforms.ts';

const DAEMON: Builder = { kind: 'buildx', name: 'polystage', driver: 'remote', reason: '' };
const ENGINE: Builder = { kind: 'engine', invocation: 'classic-cli', reason: 'BUILDER=engine' };
const BOTH = { BUILD_PLATFORMS: 'linux/arm64,linux/amd64' };

describe('stagePlatforms', () => {
  it("builds prod for BUILD_PLATFORMS over the target's platforms, else the host's, the host first", () => {
    expect(stagePlatforms({ target: 'prod', platforms: ['linux/amd64'] }, DAEMON, BOTH, 'linux/amd64')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(stagePlatforms({ target: 'prod', platforms: ['linux/arm64', 'linux/amd64'] }, DAEMON, {}, 'linux/amd64')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(stagePlatforms({ target: 'prod' }, DAEMON, {}, 'linux/arm64')).toEqual(['linux/arm64']);
    expect(stagePlatforms({ target: 'prod', platforms: ['linux/arm64'] }, DAEMON, {}, 'linux/amd64')).toEqual(['linux/arm64']);
  });

  it('builds every other stage for the host, whatever BUILD_PLATFORMS says, and refuses platforms set on one', () => {
    expect(stagePlatforms({ target: 'test' }, DAEMON, BOTH, 'linux/amd64')).toBeUndefined();
    expect(() => stagePlatforms({ target: 'test', platforms: ['linux/arm64'] }, DAEMON, {}, 'linux/amd64')).toThrow(
      /^platforms is set on the test stage's target, but only the prod stage is built for several platforms: remove it there\.$/,
    );
  });

  it("refuses a foreign platform on the engine's own BuildKit, in one line naming npm run setup", () => {
    expect(stagePlatforms({ target: 'prod' }, ENGINE, {}, 'linux/amd64')).toEqual(['linux/amd64']);
    expect(() => stagePlatforms({ target: 'prod' }, ENGINE, BOTH, 'linux/amd64')).toThrow(
      /^Building linux\/arm64 on this linux\/amd64 host needs the buildx builder, and this run uses the engine's own BuildKit \(BUILDER=engine\): run `npm run setup` and unset BUILDER, or build linux\/amd64 only\.$/,
    );
  });
});
