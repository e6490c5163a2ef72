import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodes, type CreateNodesResult } from '@nx/devkit';
import { parseDockerfile } from './dockerfile/parse.ts';
import { normalizeOptions, type DockerPluginOptions, type NormalizedDockerPluginOptions } from './plugins/options.ts';
import { inferDockerTargets } from './plugins/targets.ts';

export { createDependencies } from './plugins/dependencies.ts';
export type { DockerPluginOptions } from './plugins/options.ts';

const MAIN_DOCKERFILE = 'Dockerfile';
const VARIANT_DOCKERFILE = /^(?<variant>[a-z0-9][a-z0-9-]*)\.Dockerfile$/;

/** The project details view shows a project's docker targets under one heading. */
const TARGET_GROUP = 'Docker';

/**
 * Targets for the stages of every Dockerfile Nx hands us (narrow them with the plugin entry's
 * `include`/`exclude` in nx.json). Pure: reads the Dockerfile, never calls git or docker, so graph
 * creation stays fast and cacheable. (A project's `smoke` target comes from @polystage/smoke's plugin.)
 */
export const createNodes: CreateNodes<DockerPluginOptions> = [
  '**/{Dockerfile,*.Dockerfile}',
  (dockerfiles, options, context) => {
    const normalized = normalizeOptions(options);
    return createNodesFromFiles((file, _options, ctx) => createNodesForDockerfile(file, ctx.workspaceRoot, normalized), dockerfiles, options, context);
  },
];

/** Nx 23 calls the v2 signature `createNodes`; older callers look for `createNodesV2`. */
export const createNodesV2 = createNodes;

function createNodesForDockerfile(file: string, workspaceRoot: string, options: NormalizedDockerPluginOptions): CreateNodesResult {
  const projectRoot = dirname(file);
  const variant = VARIANT_DOCKERFILE.exec(basename(file))?.groups?.['variant'];
  if (basename(file) !== MAIN_DOCKERFILE && !variant) return {};

  const model = parseDockerfile(readFileSync(join(workspaceRoot, file), 'utf8'), file);
  const targets = inferDockerTargets(model, options, variant);
  return { projects: { [projectRoot]: { targets, metadata: { targetGroups: { [TARGET_GROUP]: Object.keys(targets) } } } } };
}
