import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DependencyType, type CreateDependencies, type RawProjectGraphDependency } from '@nx/devkit';
import { EXECUTOR } from './targets.ts';

/** This library's folder: a project at this root is the builder itself, checked out in the workspace. */
const BUILDER_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every project whose Dockerfile this plugin builds depends on the plugin's own project, from
 * that Dockerfile: a change to how images are built (build command, tags, labels, CA, mirror
 * rewrite) then marks every service affected, and `^production` in the docker-test inputs
 * re-runs their checks. Installed from a registry (no project at that root) it adds nothing.
 */
export const createDependencies: CreateDependencies = (_options, context) => {
  const builderRoot = relative(context.workspaceRoot, BUILDER_DIR).replaceAll('\\', '/').replace(/\/$/, '');
  const builder = Object.entries(context.projects).find(([, project]) => project.root === builderRoot)?.[0];
  if (!builder) return [];

  const dependencies: RawProjectGraphDependency[] = [];
  for (const [name, project] of Object.entries(context.projects)) {
    if (name === builder) continue;
    const dockerfiles = new Set(
      Object.values(project.targets ?? {})
        .filter((target) => target.executor === EXECUTOR)
        .map((target) => (target.options as { dockerfile?: string } | undefined)?.dockerfile)
        .filter((file): file is string => Boolean(file)),
    );
    for (const sourceFile of dockerfiles) {
      dependencies.push({ source: name, target: builder, sourceFile, type: DependencyType.static });
    }
  }
  return dependencies;
};
