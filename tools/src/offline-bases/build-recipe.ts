import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildArgv, engineBuildKit, hostPlatform, outputTail, removeImages, runBuild, type Engine } from '@polystage/docker';
import { mirroredRef } from '@polystage/nx-docker';
import { platformMirror } from './plan.ts';
import { RECIPE_HASH_LABEL, STAND_IN_FOR_LABEL } from './recipe-hash.ts';
import { DEBIAN_BASE_REF, HOST_DEBIAN_ARG, RECIPES_DIR, SHARED_RECIPE_DIR, type ResolvedRecipe } from './recipes.ts';
import { verifyAndTag } from './verify.ts';
import type { CheckedVersions } from './versions.ts';

export interface BuildTarget {
  resolved: ResolvedRecipe;
  /** `<mirror>/<ref>` */
  tag: string;
  hash: string;
  mirror: string;
  /** The versions label of the stand-in this build replaces, to report what changed. */
  previousVersions?: string;
}

export interface BuildContext {
  engine: Engine;
  /** PEM bundle mounted as the `ca-bundle` secret (@polystage/docker's resolveCaBundle); never copied into an image. */
  caBundle: string | undefined;
  /** Streams build output through when set; otherwise it is kept for the error message. */
  verbose: boolean;
  /** Ignore BuildKit's layer cache (cache mounts such as apt lists stay), for cold-build timing. */
  noCache?: boolean;
}

/** Local tag a recipe with version promises is built under until its versions are checked. */
export function candidateTag(target: Pick<BuildTarget, 'resolved' | 'hash'>): string {
  return `polystage.local/stand-in-candidate/${target.resolved.recipe.dir}:${target.hash.slice(0, 16)}`;
}

/**
 * Builds one Dockerfile recipe from a throwaway context: the recipe folder, lib/ and npm/ tarballs.
 * A recipe that promises versions (versions.ts) is built as a candidate, probed, and tagged as the
 * stand-in only when its versions are in the promised series; returns what was checked.
 */
export async function buildDockerfileRecipe(target: BuildTarget, context: BuildContext): Promise<CheckedVersions | undefined> {
  const { resolved } = target;
  const dir = await mkdtemp(join(tmpdir(), `polystage-${resolved.recipe.dir}-`));
  const checks = resolved.promises.length > 0;
  const buildTag = checks ? candidateTag(target) : target.tag;
  try {
    await cp(join(RECIPES_DIR, resolved.recipe.dir), dir, { recursive: true });
    await cp(join(RECIPES_DIR, SHARED_RECIPE_DIR), join(dir, SHARED_RECIPE_DIR), { recursive: true });
    await mkdir(join(dir, 'npm'));
    if (resolved.npmPackages.length > 0) await npmPack(resolved.npmPackages, join(dir, 'npm'));

    // The bases are this platform's stand-ins; a foreign platform's RUN steps run under qemu (binfmt).
    const bases = platformMirror(target.mirror, resolved.platform);
    const buildArgs = {
      ...resolved.buildArgs,
      ...Object.fromEntries(Object.entries(resolved.baseImages).map(([name, ref]) => [name, mirroredRef(bases, ref)])),
      // For stages that fetch platform-neutral payloads natively (FROM --platform=$BUILDPLATFORM).
      [HOST_DEBIAN_ARG]: mirroredRef(platformMirror(target.mirror, hostPlatform()), DEBIAN_BASE_REF),
    };
    const command = buildArgv(engineBuildKit(context.engine), {
      context: dir,
      ...(resolved.platform !== hostPlatform() ? { platforms: [resolved.platform] } : {}),
      tags: [buildTag],
      labels: { [RECIPE_HASH_LABEL]: target.hash, [STAND_IN_FOR_LABEL]: resolved.ref },
      buildArgs,
      ...(context.caBundle ? { caBundle: context.caBundle } : {}),
      ...(context.noCache ? { noCache: true } : {}),
    });
    const run = await runBuild(context.engine, command, { stream: context.verbose });
    if (run.exitCode !== 0) {
      throw new Error(
        `Building the stand-in ${target.tag} (recipe tools/src/offline-bases/recipes/${resolved.recipe.dir}/Dockerfile) failed ` +
          `with exit code ${run.exitCode}. Last lines of the build:\n${outputTail(run, 40)}`,
      );
    }
    if (!checks) return undefined;
    return await verifyAndTag(context.engine, buildTag, { ref: resolved.ref, recipeDir: resolved.recipe.dir, tag: target.tag, platform: resolved.platform }, resolved.promises, target.previousVersions);
  } finally {
    await rm(dir, { recursive: true, force: true });
    // The candidate's layers live on under the stand-in's tag (or go, when it was refused).
    if (checks) await removeImages(context.engine, [buildTag]);
  }
}

/** Fetches npm tarballs with the host's npm and its configured registry (no host name here). */
async function npmPack(packages: readonly string[], destination: string): Promise<void> {
  const result = await execa('npm', ['pack', '--silent', '--pack-destination', destination, ...packages], {
    cwd: destination,
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0) {
    throw new Error(`\`npm pack ${packages.join(' ')}\` failed (exit ${result.exitCode}); check that npm reaches its registry:\n${String(result.all).slice(-2000)}`);
  }
}
