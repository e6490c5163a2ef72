/**
 * system/package.json lists every service as an implicit dependency: system:smoke runs the whole
 * compose system, so it must build every service's prod image first (`^docker-prod`).
 */
import type { Tree } from '@nx/devkit';

const SYSTEM_PACKAGE = 'system/package.json';

interface SystemPackage {
  nx?: { implicitDependencies?: string[] };
}

function edit(tree: Tree, change: (deps: string[]) => string[]): void {
  const text = tree.read(SYSTEM_PACKAGE, 'utf8');
  if (text === null) return;
  const pkg = JSON.parse(text) as SystemPackage;
  if (!pkg.nx?.implicitDependencies) return;
  pkg.nx.implicitDependencies = change(pkg.nx.implicitDependencies);
  tree.write(SYSTEM_PACKAGE, `${JSON.stringify(pkg, null, 2)}\n`);
}

export const addSystemDependency = (tree: Tree, name: string): void => edit(tree, (deps) => [...new Set([...deps, name])].sort());
export const removeSystemDependency = (tree: Tree, name: string): void => edit(tree, (deps) => deps.filter((dep) => dep !== name));
