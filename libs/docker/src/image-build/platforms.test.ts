import { describe, expect, it } from 'vitest';
import { hostPlatform, parsePlatforms, platformArch, platformsFromEnv, platformSlug, platformTagSuffix, resolvePlatforms } from './platforms.ts';

describe('parsePlatforms', () => {
  it('reads a comma-separated list, trimmed, without repeats, in the order given', () => {
    expect(parsePlatforms(' linux/arm64, linux/amd64 ,linux/arm64')).toEqual(['linux/arm64', 'linux/amd64']);
  });

  it.each([
    ['linux/arm/v7', /BUILD_PLATFORMS=linux\/arm\/v7 names "linux\/arm\/v7", which this repo does not build: use linux\/amd64, linux\/arm64\./],
    ['amd64', /names "amd64"/],
    [' , ', /BUILD_PLATFORMS is empty: name one or more of linux\/amd64, linux\/arm64/],
  ])('refuses %j in one line naming the choices', (text, message) => {
    expect(() => parsePlatforms(text)).toThrow(message);
  });
});

describe('platformsFromEnv', () => {
  it('is undefined when BUILD_PLATFORMS is unset or blank, so the project or the engine decides', () => {
    expect(platformsFromEnv({})).toBeUndefined();
    expect(platformsFromEnv({ BUILD_PLATFORMS: '' })).toBeUndefined();
    expect(platformsFromEnv({ BUILD_PLATFORMS: 'linux/amd64,linux/arm64' })).toEqual(['linux/amd64', 'linux/arm64']);
  });
});

describe('hostPlatform', () => {
  it("names Node's arch as a Docker platform", () => {
    expect(hostPlatform('x64')).toBe('linux/amd64');
    expect(hostPlatform('arm64')).toBe('linux/arm64');
    expect(() => hostPlatform('riscv64')).toThrow(/neither amd64 nor arm64/);
  });
});

describe('resolvePlatforms', () => {
  it('takes BUILD_PLATFORMS over the declared platforms, and the host when neither names any', () => {
    expect(resolvePlatforms(['linux/arm64'], { BUILD_PLATFORMS: 'linux/amd64,linux/arm64' }, 'linux/amd64')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(resolvePlatforms(['linux/arm64', 'linux/amd64'], {}, 'linux/amd64')).toEqual(['linux/arm64', 'linux/amd64']);
    expect(resolvePlatforms(undefined, { BUILD_PLATFORMS: ' ' }, 'linux/arm64')).toEqual(['linux/arm64']);
    expect(resolvePlatforms([], {}, 'linux/amd64')).toEqual(['linux/amd64']);
  });

  it('checks declared platforms as it checks the variable, naming the option', () => {
    expect(() => resolvePlatforms(['linux/s390x'], {}, 'linux/amd64')).toThrow(/^platforms=linux\/s390x names "linux\/s390x", which this repo does not build/);
  });
});

describe('platformArch and platformSlug', () => {
  it('name the architecture an image config records, and the platform where no slash may go', () => {
    expect(platformArch('linux/arm64')).toBe('arm64');
    expect(platformArch('linux/amd64')).toBe('amd64');
    expect(platformSlug('linux/arm64')).toBe('linux-arm64');
  });
});

describe('platformTagSuffix', () => {
  it('turns the platform into a tag-safe suffix', () => {
    expect(platformTagSuffix('linux/arm64')).toBe('-linux-arm64');
  });
});
