import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { hostPlatform } from '@polystage/docker';
import { DEBIAN_BASE_REF, findRecipe, HOST_DEBIAN_ARG, RECIPES_DIR, SHARED_RECIPE_DIR, type ResolvedRecipe } from './recipes.ts';
import type { VersionPromise } from './versions.ts';

/** The image label holding the hash of the recipe a stand-in was built from. */
export const RECIPE_HASH_LABEL = 'org.polystage.recipe-hash';
/** The image label naming the official ref a stand-in stands in for. */
export const STAND_IN_FOR_LABEL = 'org.polystage.stand-in-for';

/** Bump to rebuild every stand-in when the build procedure itself (not a recipe file) changes. */
const HASH_FORMAT = 'polystage-offline-bases/2'; // 2: the debian base gets -updates and -security

export interface RecipeFile {
  path: string;
  content: Buffer;
}

export type ReadRecipeFiles = (dir: string) => Promise<RecipeFile[]>;

/**
 * Content hash of everything that decides what a stand-in contains: the recipe's files, the shared
 * scripts, its build args and npm packages, the versions it promises (versions.ts), and
 * its platform, and (recursively) the hashes of the stand-ins it is built FROM. Not the mirror prefix: the same recipe gives the same image under any prefix.
 */
export async function hashRecipe(resolved: ResolvedRecipe, readFiles: ReadRecipeFiles = readRecipeFiles): Promise<string> {
  const hash = createHash('sha256');
  const feed = (key: string, value: string | Buffer) => {
    hash.update(`${key}\0${Buffer.byteLength(value)}\0`);
    hash.update(value);
  };
  feed('format', HASH_FORMAT);
  feed('family', resolved.recipe.family);
  feed('kind', resolved.recipe.kind);
  // amd64 stand-ins keep the hash they had before platforms existed (so they stay current).
  if (resolved.platform !== 'linux/amd64') feed('platform', resolved.platform);
  const own = await readFiles(resolved.recipe.dir);
  const shared = resolved.recipe.kind === 'dockerfile' ? usedSharedFiles(own, await readFiles(SHARED_RECIPE_DIR)) : [];
  for (const file of own) feed(`file:${resolved.recipe.dir}/${file.path}`, file.content);
  for (const file of shared) feed(`file:${SHARED_RECIPE_DIR}/${file.path}`, file.content);
  for (const [name, value] of sortedEntries(resolved.buildArgs)) feed(`arg:${name}`, value);
  for (const pkg of [...resolved.npmPackages].sort()) feed('npm', pkg);
  // The versions it promises (a new series rebuilds it); families that promise none keep their hash.
  for (const promise of resolved.promises) feed(`promise:${promise.tool}`, promiseKey(promise));
  // A recipe with a native stage on the host's debian (HOST_DEBIAN_ARG) changes with that stand-in too.
  if (own.some((file) => file.content.toString('utf8').includes(HOST_DEBIAN_ARG))) {
    feed(`base:${HOST_DEBIAN_ARG}`, `${DEBIAN_BASE_REF}@${await hashRecipe(findRecipe(DEBIAN_BASE_REF, hostPlatform()), readFiles)}`);
  }
  for (const [name, ref] of sortedEntries(resolved.baseImages)) {
    feed(`base:${name}`, `${ref}@${await hashRecipe(findRecipe(ref, resolved.platform), readFiles)}`);
  }
  return hash.digest('hex');
}

/**
 * The shared scripts a recipe uses: those named in its files or in scripts it uses, so a new
 * script for one family does not rebuild every other family.
 */
export function usedSharedFiles(own: readonly RecipeFile[], shared: readonly RecipeFile[]): RecipeFile[] {
  const used = new Set<RecipeFile>();
  let frontier = own.map((file) => file.content.toString('utf8'));
  while (frontier.length > 0) {
    const text = frontier.join('\n');
    const added = shared.filter((file) => !used.has(file) && text.includes(file.path));
    for (const file of added) used.add(file);
    frontier = added.map((file) => file.content.toString('utf8'));
  }
  return shared.filter((file) => used.has(file));
}

function promiseKey(promise: VersionPromise): string {
  return JSON.stringify([promise.series, promise.source, promise.pinned ?? null, promise.env ?? null, promise.probe.entrypoint, promise.probe.args]);
}

function sortedEntries(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every file under recipes/<dir>, sorted by path so the hash does not depend on directory order. */
export async function readRecipeFiles(dir: string): Promise<RecipeFile[]> {
  const root = join(RECIPES_DIR, dir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
  return Promise.all(files.map(async (path) => ({ path, content: await readFile(join(root, path)) })));
}
