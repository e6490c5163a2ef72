/**
 * Which platforms a build is for: BUILD_PLATFORMS for a whole run, else what a project declares,
 * else the engine's own. One parser, so the executors, setup (which installs emulation only when a
 * run asks for a foreign platform) and the stand-in builds read the variable the same way.
 */
export const SUPPORTED_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
export type Platform = (typeof SUPPORTED_PLATFORMS)[number];

const isSupported = (value: string): value is Platform => (SUPPORTED_PLATFORMS as readonly string[]).includes(value);

/** `linux/amd64,linux/arm64` as a list without repeats; a one-line error naming a bad entry and the choices. */
export function parsePlatforms(text: string, source = 'BUILD_PLATFORMS'): Platform[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error(`${source} is empty: name one or more of ${SUPPORTED_PLATFORMS.join(', ')}, comma-separated, or unset it.`);
  const unknown = entries.filter((entry) => !isSupported(entry));
  if (unknown.length > 0) {
    throw new Error(`${source}=${text} names ${unknown.map((entry) => `"${entry}"`).join(', ')}, which this repo does not build: use ${SUPPORTED_PLATFORMS.join(', ')}.`);
  }
  return [...new Set(entries as Platform[])];
}

/** BUILD_PLATFORMS if set, else undefined (the project's option or the engine's platform decides). */
export function platformsFromEnv(env: NodeJS.ProcessEnv = process.env): Platform[] | undefined {
  const value = env['BUILD_PLATFORMS'];
  return value === undefined || value.trim() === '' ? undefined : parsePlatforms(value);
}

/** The machine's own platform, from Node's view of it (the engine runs on this host). */
export function hostPlatform(arch: string = process.arch): Platform {
  const platform = `linux/${arch === 'x64' ? 'amd64' : arch}`;
  if (!isSupported(platform)) throw new Error(`This host's CPU (${arch}) is neither amd64 nor arm64, the platforms this repo builds.`);
  return platform;
}

/**
 * The platforms one build is for: BUILD_PLATFORMS for the whole run, else what the target declares
 * (`platforms`, checked like the variable), else the host's own.
 */
export function resolvePlatforms(declared: readonly string[] | undefined, env: NodeJS.ProcessEnv = process.env, host: Platform = hostPlatform()): Platform[] {
  const fromEnv = platformsFromEnv(env);
  if (fromEnv) return fromEnv;
  if (declared && declared.length > 0) return parsePlatforms(declared.join(','), 'platforms');
  return [host];
}

/** `linux/arm64` -> `arm64`: the architecture an image config records, and Debian's name for it. */
export function platformArch(platform: Platform): string {
  return platform.slice(platform.indexOf('/') + 1);
}

/** `linux/arm64` -> `linux-arm64`: a platform where a slash cannot go (tag, path segment, file name). */
export function platformSlug(platform: Platform): string {
  return platform.replace('/', '-');
}

/** `linux/arm64` -> `-linux-arm64`: what a tag of a platform other than the engine's ends in. */
export function platformTagSuffix(platform: Platform): string {
  return `-${platformSlug(platform)}`;
}
