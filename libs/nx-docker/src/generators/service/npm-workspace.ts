/**
 * A generated node or react service is an npm workspace (services/* in the root package.json), so
 * the root package-lock.json must list it before its image's lockfile stage can prune the lock to
 * it and `npm ci` there. The generator writes those entries itself instead of running npm on the
 * host: the versions are the ones the lock already holds for the stack's twin (the lock is the one
 * source of versions; the package.json template gets the same), so nothing new is resolved and
 * every package is already in the lock where npm hoisted it. remove-service drops the entries again.
 */
import type { Tree } from '@nx/devkit';
import { GeneratorOptionError } from './options.ts';

export const LOCKFILE = 'package-lock.json';

/** The packages a stack's package.json names; their versions come from the twin's lock entry. */
export interface NpmPackages {
  /** The twin's workspace folder (services/web), whose lock entry holds the versions. */
  from: string;
  dependencies: string[];
  devDependencies: string[];
}

export interface LockedVersions {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** The twin's `engines` (the worker's Node range), if it has one. */
  engines?: Record<string, string>;
}

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

export const workspacePackageName = (name: string): string => `@polystage/${name}`;

function readLock(tree: Tree): Lockfile | undefined {
  const text = tree.read(LOCKFILE, 'utf8');
  return text === null ? undefined : (JSON.parse(text) as Lockfile);
}

/** npm writes the lock with two-space indents and a final newline; parsing keeps its key order. */
const writeLock = (tree: Tree, lock: Lockfile): void => tree.write(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);

/**
 * The versions `packages` get, read from the twin's entry in the root lock. Throws (before any
 * write) when the lock or a package is missing there: the fix is naming one the twin has.
 */
export function lockedVersions(tree: Tree, packages: NpmPackages): LockedVersions {
  const twin = readLock(tree)?.packages[packages.from];
  if (!twin) {
    throw new GeneratorOptionError(`${LOCKFILE} has no entry for ${packages.from}, whose versions this stack uses: run npm install in the repo root first.`);
  }
  const pick = (names: string[], field: 'dependencies' | 'devDependencies'): Record<string, string> =>
    Object.fromEntries(
      names.map((name) => {
        const version = twin.dependencies?.[name] ?? twin.devDependencies?.[name];
        if (!version) throw new GeneratorOptionError(`${packages.from} does not depend on ${name} in ${LOCKFILE}: the stack's ${field} must be packages its twin has.`);
        return [name, version];
      }),
    );
  const engines = twin['engines'] as Record<string, string> | undefined;
  return { dependencies: pick(packages.dependencies, 'dependencies'), devDependencies: pick(packages.devDependencies, 'devDependencies'), ...(engines && { engines }) };
}

/**
 * Adds services/<name> and its node_modules link to the lock, each where npm sorts it, in npm's key
 * order. The packages themselves are in the lock already (the twin's), so `npm ci` finds them all.
 */
export function addNpmWorkspace(tree: Tree, name: string, versions: LockedVersions, license = 'MIT'): void {
  const lock = readLock(tree);
  if (!lock) return;
  const root = `services/${name}`;
  const entry: LockEntry = { name: workspacePackageName(name), version: '0.0.0', license };
  if (Object.keys(versions.dependencies).length) entry.dependencies = versions.dependencies;
  if (Object.keys(versions.devDependencies).length) entry.devDependencies = versions.devDependencies;
  if (versions.engines) entry['engines'] = versions.engines;
  let packages = insertSorted(lock.packages, root, entry);
  packages = insertSorted(packages, `node_modules/${workspacePackageName(name)}`, { resolved: root, link: true });
  writeLock(tree, { ...lock, packages });
}

/** The inverse of addNpmWorkspace: the lock as it was before the service was generated. */
export function removeNpmWorkspace(tree: Tree, name: string): void {
  const lock = readLock(tree);
  const root = `services/${name}`;
  const link = `node_modules/${workspacePackageName(name)}`;
  if (!lock || !(root in lock.packages || link in lock.packages)) return;
  const packages = Object.fromEntries(Object.entries(lock.packages).filter(([path]) => path !== root && path !== link));
  writeLock(tree, { ...lock, packages });
}

/** `packages` with `key` before the first key npm sorts after it (localeCompare 'en', as npm does). */
function insertSorted(packages: Record<string, LockEntry>, key: string, entry: LockEntry): Record<string, LockEntry> {
  const entries = Object.entries(packages).filter(([path]) => path !== key);
  const at = entries.findIndex(([path]) => path.localeCompare(key, 'en') > 0);
  entries.splice(at < 0 ? entries.length : at, 0, [key, entry]);
  return Object.fromEntries(entries);
}
