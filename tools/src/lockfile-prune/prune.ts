/**
 * Prunes an npm workspace lockfile (lockfileVersion 2 or 3) to one workspace member's dependency
 * closure, so a Docker `deps` stage can `npm ci` from files that change only when that member's
 * installed tree changes.
 *
 * The pruned lock keeps the root lock's layout: every kept entry stays at its path (hoisted where
 * npm hoisted it), the member stays at its folder, and the new root lists the kept workspaces.
 * Packages are found the way Node and npm find them (nearest `node_modules` up the folders), and
 * the dev/optional/peer flags are recomputed for the pruned tree, so a package that only another
 * workspace uses in production is `dev` here when this member only needs it for development.
 *
 * Pure and dependency-free: it runs under plain Node inside an image before anything is installed.
 */

export interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  workspaces?: string[];
  [field: string]: unknown;
}

export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
  [field: string]: unknown;
}

/** The root manifest of the pruned install: only the workspaces it needs. */
export interface RootManifest {
  name: string;
  version: string;
  private: true;
  workspaces: string[];
}

export interface PrunedLockfile {
  packageJson: RootManifest;
  lockfile: Lockfile;
  /** Local packages (the member and workspaces it links to) whose package.json must sit beside the lock. */
  localPackages: string[];
}

export class LockfilePruneError extends Error {
  override name = 'LockfilePruneError';
}

type EdgeType = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional' | 'workspace';

interface Edge {
  name: string;
  type: EdgeType;
  /** Lock path of the entry it resolves to; undefined when nothing provides it. */
  to: string | undefined;
}

const FLAGS = ['dev', 'optional', 'devOptional', 'peer'] as const;
type Flag = (typeof FLAGS)[number];

const ROOT = '';

export function pruneLockfile(lock: Lockfile, workspace: string): PrunedLockfile {
  if (!lock || typeof lock.packages !== 'object' || !(lock.lockfileVersion >= 2)) {
    throw new LockfilePruneError(
      `package-lock.json has lockfileVersion ${lock?.lockfileVersion ?? 'none'}; pruning needs the "packages" section of lockfileVersion 2 or 3 (npm 7 or later).`,
    );
  }
  const packages = lock.packages;
  const member = normalizeWorkspacePath(workspace);
  if (!isLocalPackage(packages, member)) {
    const known = localPackagePaths(packages).join(', ') || 'none';
    throw new LockfilePruneError(`"${member}" is not a workspace in package-lock.json (workspaces there: ${known}). Run npm install after adding it.`);
  }

  const kept = collectClosure(packages, member);
  const localPackages = [...kept].filter((path) => isLocalPackage(packages, path)).sort();
  const rootEntry: LockEntry = { name: lock.name ?? packages[ROOT]?.name ?? 'workspace', version: lock.version ?? packages[ROOT]?.version ?? '0.0.0' };
  rootEntry.workspaces = localPackages;

  const edges = new Map<string, Edge[]>([[ROOT, localPackages.map((path) => ({ name: path, type: 'workspace', to: path }))]]);
  for (const path of kept) edges.set(path, edgesOf(packages, path).filter((edge) => edge.to === undefined || kept.has(edge.to)));
  const flags = computeFlags(kept, edges);

  const pruned: Record<string, LockEntry> = { [ROOT]: rootEntry };
  for (const path of kept) pruned[path] = withFlags(packages[path]!, flags.get(path)!);

  return {
    packageJson: { name: rootEntry.name!, version: rootEntry.version!, private: true, workspaces: localPackages },
    lockfile: { name: rootEntry.name, version: rootEntry.version, lockfileVersion: 3, requires: true, packages: pruned },
    localPackages,
  };
}

export function normalizeWorkspacePath(workspace: string): string {
  const path = workspace.replaceAll('\\', '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (path === '' || path === '.' || path.split('/').includes('..') || path.startsWith('/')) {
    throw new LockfilePruneError(`"${workspace}" is not a workspace folder relative to the lockfile (e.g. services/worker).`);
  }
  return path;
}

/** Local packages are entries outside node_modules (workspace members, file: links' targets). */
function isLocalPackage(packages: Record<string, LockEntry>, path: string): boolean {
  return path !== ROOT && path in packages && !isInstalledPath(path);
}

function localPackagePaths(packages: Record<string, LockEntry>): string[] {
  return Object.keys(packages).filter((path) => isLocalPackage(packages, path));
}

function isInstalledPath(path: string): boolean {
  return path === 'node_modules' || path.startsWith('node_modules/') || path.includes('/node_modules/');
}

/** Everything the member needs: its link entries, then every edge resolved the way npm resolves it. */
function collectClosure(packages: Record<string, LockEntry>, member: string): Set<string> {
  const kept = new Set<string>();
  const queue = [member];
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (kept.has(path)) continue;
    kept.add(path);
    const entry = packages[path]!;
    if (entry.link) {
      queue.push(linkTarget(packages, path));
      continue;
    }
    if (isLocalPackage(packages, path)) {
      // The links that point at a local package belong to it: npm ci recreates them.
      for (const [other, candidate] of Object.entries(packages)) {
        if (candidate.link && candidate.resolved === path) queue.push(other);
      }
    }
    for (const edge of edgesOf(packages, path)) {
      // An optional peer is only used when something else installs it: following it would pull
      // in whatever another workspace happens to install.
      if (edge.type === 'peerOptional') continue;
      if (edge.to !== undefined) queue.push(edge.to);
      else if (edge.type !== 'optional') {
        throw new LockfilePruneError(
          `package-lock.json installs no "${edge.name}" for ${describe(path)}, which needs it (${edge.type} dependency). Run npm install to bring the lockfile up to date.`,
        );
      }
    }
  }
  return kept;
}

function linkTarget(packages: Record<string, LockEntry>, path: string): string {
  const target = packages[path]!.resolved;
  if (typeof target !== 'string' || !(target in packages)) {
    throw new LockfilePruneError(`package-lock.json links ${path} to "${target}", which has no entry of its own.`);
  }
  return target;
}

/**
 * The entry's dependency edges, as @npmcli/arborist builds them: later kinds replace earlier ones
 * for the same name (peer, optional peer, prod, optional, then dev). Only local packages have dev
 * edges: an installed package's devDependencies are never installed.
 */
function edgesOf(packages: Record<string, LockEntry>, path: string): Edge[] {
  const entry = packages[path]!;
  if (entry.link) return [{ name: path, type: 'workspace', to: linkTarget(packages, path) }];
  const types = new Map<string, EdgeType>();
  for (const [name] of Object.entries(entry.peerDependencies ?? {})) {
    types.set(name, entry.peerDependenciesMeta?.[name]?.optional ? 'peerOptional' : 'peer');
  }
  for (const name of Object.keys(entry.dependencies ?? {})) types.set(name, 'prod');
  for (const name of Object.keys(entry.optionalDependencies ?? {})) types.set(name, 'optional');
  if (isLocalPackage(packages, path)) {
    for (const name of Object.keys(entry.devDependencies ?? {})) types.set(name, 'dev');
  }
  return [...types].map(([name, type]) => ({ name, type, to: resolve(packages, path, name) }));
}

/** Node's lookup: `<dir>/node_modules/<name>`, then the same from each enclosing package, up to the root. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let dir: string | undefined = from; dir !== undefined; dir = enclosingPackage(packages, dir)) {
    const candidate = dir === ROOT ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (candidate in packages) return candidate;
  }
  return undefined;
}

/** The nearest folder above `path` that is a package in the lock (the root at the latest). */
function enclosingPackage(packages: Record<string, LockEntry>, path: string): string | undefined {
  if (path === ROOT) return undefined;
  const parts = path.split('/');
  for (let length = parts.length - 1; length > 0; length--) {
    const dir = parts.slice(0, length).join('/');
    if (dir in packages) return dir;
  }
  return ROOT;
}

/**
 * Which packages are dev-only, optional-only, only in the overlap of both (devOptional) or only
 * peers, for the pruned tree: a flag stays set unless some path from the root reaches the
 * package without it (npm's calc-dep-flags, as a reachability question).
 */
function computeFlags(kept: Set<string>, edges: Map<string, Edge[]>): Map<string, Record<Flag, boolean>> {
  const clears: Record<Flag, (type: EdgeType) => boolean> = {
    dev: (type) => type !== 'dev',
    optional: (type) => type !== 'optional' && type !== 'peerOptional',
    devOptional: (type) => type !== 'dev' && type !== 'optional' && type !== 'peerOptional',
    peer: (type) => type !== 'peer' && type !== 'peerOptional',
  };
  const flags = new Map([...kept].map((path) => [path, { dev: true, optional: true, devOptional: true, peer: true }]));
  for (const flag of FLAGS) {
    const queue = [ROOT];
    const seen = new Set(queue);
    while (queue.length > 0) {
      for (const edge of edges.get(queue.pop()!) ?? []) {
        if (edge.to === undefined || seen.has(edge.to) || !clears[flag](edge.type)) continue;
        seen.add(edge.to);
        flags.get(edge.to)![flag] = false;
        queue.push(edge.to);
      }
    }
  }
  return flags;
}

/** The entry with its flags replaced, in npm's notation: links carry none, devOptional only when neither dev nor optional is. */
function withFlags(entry: LockEntry, flags: Record<Flag, boolean>): LockEntry {
  const result: LockEntry = Object.fromEntries(Object.entries(entry).filter(([key]) => !isFlag(key)));
  if (entry.link) return result;
  if (flags.peer) result.peer = true;
  if (flags.dev) result.dev = true;
  if (flags.optional) result.optional = true;
  if (flags.devOptional && !flags.dev && !flags.optional) result.devOptional = true;
  return result;
}

function isFlag(key: string): key is Flag {
  return (FLAGS as readonly string[]).includes(key);
}

function describe(path: string): string {
  return isInstalledPath(path) ? `${path.replace(/^.*node_modules\//, '')} (${path})` : path;
}
