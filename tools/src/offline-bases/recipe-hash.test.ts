import { describe, expect, it } from 'vitest';
import { hashRecipe, readRecipeFiles, usedSharedFiles, type ReadRecipeFiles, type RecipeFile } from './recipe-hash.ts';
import { findRecipe } from './recipes.ts';

function file(path: string, content: string): RecipeFile {
  return { path, content: Buffer.from(content) };
}

/** An in-memory recipes folder: dir -> files. */
function fakeRecipes(dirs: Record<string, RecipeFile[]>): ReadRecipeFiles {
  return async (dir) => dirs[dir] ?? [];
}

const BASE = {
  'debian-slim': [file('overlay/etc/dpkg/dpkg.cfg.d/docker', 'path-exclude /usr/share/doc/*\n')],
  lib: [file('apt-install.sh', 'apt-get install\n'), file('unused.sh', 'echo unused\n')],
  'python-slim': [file('Dockerfile', 'FROM ${DEBIAN_IMAGE}\nRUN sh /opt/recipe/apt-install.sh python3.13\n')],
};

describe('hashRecipe', () => {
  const python = findRecipe('python:3.13-slim-trixie');

  it('is a stable sha256 of the recipe', async () => {
    const a = await hashRecipe(python, fakeRecipes(BASE));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashRecipe(python, fakeRecipes(BASE))).toBe(a);
  });

  it('changes when the recipe Dockerfile changes', async () => {
    const before = await hashRecipe(python, fakeRecipes(BASE));
    const after = await hashRecipe(python, fakeRecipes({ ...BASE, 'python-slim': [file('Dockerfile', 'FROM ${DEBIAN_IMAGE}\n')] }));
    expect(after).not.toBe(before);
  });

  it('changes when the stand-in it is built FROM changes', async () => {
    const before = await hashRecipe(python, fakeRecipes(BASE));
    const after = await hashRecipe(python, fakeRecipes({ ...BASE, 'debian-slim': [file('overlay/etc/dpkg/dpkg.cfg.d/docker', '')] }));
    expect(after).not.toBe(before);
  });

  it('changes with a used shared script but not with an unused one', async () => {
    const before = await hashRecipe(python, fakeRecipes(BASE));
    const usedChanged = { ...BASE, lib: [file('apt-install.sh', 'apt-get -y install\n'), file('unused.sh', 'echo unused\n')] };
    const unusedChanged = { ...BASE, lib: [file('apt-install.sh', 'apt-get install\n'), file('unused.sh', 'echo changed\n')] };
    expect(await hashRecipe(python, fakeRecipes(usedChanged))).not.toBe(before);
    expect(await hashRecipe(python, fakeRecipes(unusedChanged))).toBe(before);
  });

  it('changes with build args (e.g. nonroot vs latest)', async () => {
    const dirs = fakeRecipes({ ...BASE, distroless: [file('Dockerfile', 'FROM scratch\n')] });
    const nonroot = await hashRecipe(findRecipe('gcr.io/distroless/cc-debian13:nonroot'), dirs);
    const latest = await hashRecipe(findRecipe('gcr.io/distroless/cc-debian13:latest'), dirs);
    expect(nonroot).not.toBe(latest);
  });

  it('changes when the promised version series changes, not with the recipe files alone', async () => {
    const before = await hashRecipe(python, fakeRecipes(BASE));
    const promise = python.promises[0]!;
    const newSeries = { ...python, promises: [{ ...promise, series: '3.14' }] };
    expect(await hashRecipe(newSeries, fakeRecipes(BASE))).not.toBe(before);
    const maven = findRecipe('maven:3.9-eclipse-temurin-25');
    const dirs = fakeRecipes({ ...BASE, maven: [file('Dockerfile', 'FROM ${DEBIAN_IMAGE}\n')] });
    const bumpedPin = { ...maven, promises: maven.promises.map((p) => (p.tool === 'maven' ? { ...p, pinned: '3.9.10' } : p)) };
    expect(await hashRecipe(bumpedPin, dirs)).not.toBe(await hashRecipe(maven, dirs));
  });

  it('folds in a platform other than amd64 (also through the bases), leaving amd64 hashes as they were', async () => {
    const dirs = fakeRecipes(BASE);
    const amd64 = findRecipe('python:3.13-slim-trixie');
    const arm64 = findRecipe('python:3.13-slim-trixie', 'linux/arm64');
    expect(await hashRecipe(arm64, dirs)).not.toBe(await hashRecipe(amd64, dirs));
    expect(await hashRecipe({ ...amd64, platform: 'linux/amd64' }, dirs)).toBe(await hashRecipe(python, dirs));
    const debianArm = findRecipe('debian:trixie-slim', 'linux/arm64');
    expect(await hashRecipe(debianArm, dirs)).not.toBe(await hashRecipe(findRecipe('debian:trixie-slim'), dirs));
  });

  it('hashes the real recipes folder', async () => {
    const files = await readRecipeFiles('distroless');
    expect(files.map((f) => f.path)).toContain('Dockerfile');
    expect(await hashRecipe(findRecipe('gcr.io/distroless/static-debian13:nonroot'))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('usedSharedFiles', () => {
  it('follows scripts named by scripts', () => {
    const shared = [file('a.sh', 'sh /opt/recipe/b.sh'), file('b.sh', 'true'), file('c.sh', 'true')];
    expect(usedSharedFiles([file('Dockerfile', 'RUN sh /opt/recipe/a.sh')], shared).map((f) => f.path)).toEqual(['a.sh', 'b.sh']);
  });
});
