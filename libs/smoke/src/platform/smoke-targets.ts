// What one describeSmoke call tests: an image per platform, each with how it runs here (natively,
// or under QEMU with its time bounds scaled).
import { workspaceRoot } from '@nx/devkit';
import { hostPlatform, requireBuildRecord, type Platform } from '@polystage/docker';
import { imageLabel } from '../built-image.ts';
import { emulationFactor } from './emulation-factor.ts';
import { recordedImages, type PlatformImageRef } from './recorded-images.ts';
import { requestedPlatforms, selectImages } from './select-platforms.ts';

export interface SmokeTarget {
  platform: Platform;
  /** Local image reference (a recorded ID, or SMOKE_IMAGE / the spec's image). Never pulled. */
  image: string;
  /** Not the host's platform: its containers run under QEMU (binfmt_misc). */
  emulated: boolean;
  /** Multiplies every time bound of its runs: SMOKE_EMULATION_FACTOR (default 10) when emulated, else 1. */
  emulationFactor: number;
}

export interface SmokeTargetSources {
  /** The spec's own image; SMOKE_IMAGE overrides it. Either one skips the build record. */
  image?: string;
  env?: NodeJS.ProcessEnv;
  root?: string;
  host?: Platform;
}

/** One image given by name has one platform: SMOKE_PLATFORMS's only entry, else the host's. */
function namedImage(image: string, requested: readonly Platform[] | undefined, host: Platform): PlatformImageRef {
  if (requested && requested.length > 1) {
    throw new Error(`SMOKE_IMAGE (or the spec's image) is one image, but SMOKE_PLATFORMS names ${requested.join(', ')}: set SMOKE_PLATFORMS to that image's platform, or unset SMOKE_IMAGE.`);
  }
  return { platform: requested?.[0] ?? host, image };
}

/**
 * The images a project's smoke suite runs against: SMOKE_IMAGE or the spec's image (one), else
 * every platform its docker-prod record holds, narrowed by SMOKE_PLATFORMS.
 */
export function smokeTargets(project: string, sources: SmokeTargetSources = {}): SmokeTarget[] {
  const env = sources.env ?? process.env;
  const host = sources.host ?? hostPlatform();
  const requested = requestedPlatforms(env);
  const named = env['SMOKE_IMAGE'] || sources.image;
  const images = named
    ? [namedImage(named, requested, host)]
    : selectImages(project, recordedImages(requireBuildRecord(sources.root ?? workspaceRoot, project, 'prod'), host), requested);
  return images.map(({ platform, image }) => {
    const emulated = platform !== host;
    return { platform, image, emulated, emulationFactor: emulationFactor(emulated, env) };
  });
}

/** The describe block's name: as before for the host's image, the platform added for an emulated one. */
export function suiteName(project: string, target: Pick<SmokeTarget, 'platform' | 'image' | 'emulated'>): string {
  return `${project} prod image ${target.emulated ? `${target.platform} ` : ''}(${imageLabel(target.image)})`;
}

/**
 * Why the image inspected as `actual` (os/arch) is not the target's platform, or undefined when it is:
 * a record or SMOKE_PLATFORMS naming the wrong platform would otherwise test one image twice.
 */
export function platformMismatch(project: string, target: Pick<SmokeTarget, 'platform' | 'image'>, actual: string): string | undefined {
  if (actual === target.platform) return undefined;
  return (
    `Image ${imageLabel(target.image)} is ${actual}, but ${project}'s smoke run takes it for ${target.platform}: ` +
    `with SMOKE_IMAGE set SMOKE_PLATFORMS=${actual}, else rebuild it (\`npx nx run ${project}:docker-prod\`).`
  );
}
