// Which platforms' images a smoke run tests: SMOKE_PLATFORMS when set, else all the record holds.
import { parsePlatforms, type Platform } from '@polystage/docker';
import type { PlatformImageRef } from './recorded-images.ts';

/** SMOKE_PLATFORMS as a list, or undefined when unset or blank. */
export function requestedPlatforms(env: NodeJS.ProcessEnv = process.env): Platform[] | undefined {
  const text = env['SMOKE_PLATFORMS'];
  return text === undefined || text.trim() === '' ? undefined : parsePlatforms(text, 'SMOKE_PLATFORMS');
}

/**
 * The recorded images of the requested platforms (all of them when none are requested), in the
 * record's order. A requested platform the record lacks is a one-line error naming the build
 * that adds it, keeping the platforms already built.
 */
export function selectImages(project: string, recorded: readonly PlatformImageRef[], requested?: readonly Platform[]): PlatformImageRef[] {
  if (!requested) return [...recorded];
  const have = recorded.map((entry) => entry.platform);
  const missing = requested.filter((platform) => !have.includes(platform));
  if (missing.length > 0) {
    const build = [...have, ...missing].join(',');
    throw new Error(
      `SMOKE_PLATFORMS asks for ${missing.join(', ')}, but ${project}'s prod build record holds only ${have.join(', ')}: ` +
        `build it with \`BUILD_PLATFORMS=${build} npx nx run ${project}:docker-prod\`.`,
    );
  }
  return recorded.filter((entry) => requested.includes(entry.platform));
}
