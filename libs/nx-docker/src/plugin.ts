import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createNodesFromFiles, type CreateNodes, type CreateNodesResult, type TargetConfiguration } from '@nx/devkit';
import { parseDockerfile } from './dockerfile/parse.ts';
import { inferDockerTargets } from './plugins/targets.ts';

export { createDependencies } from './plugins/dependencies.ts';

const MAIN_DOCKERFILE = 'Dockerfile';
const VARIANT_DOCKERFILE = /^(?<variant>[a-z0-9][a-z0-9-]*)\.Dockerfile$/;

/**
 * One target per Dockerfile stage. Pure: reads the Dockerfile, never calls git or docker, so graph
 * creation stays fast and cacheable. (A project's `smoke` target comes from @polystage/smoke's plugin.)
 */
export const createNodes: CreateNodes = [
  'services/*/{Dockerfile,*.Dockerfile}',
  (dockerfiles, options, context) =>
    createNodesFromFiles(
      (file, _options, ctx) => createNodesForDockerfile(file, ctx.workspaceRoot),
      dockerfiles,
      options,
      context,
    ),
];

/** Nx 23 calls the v2 signature `createNodes`; older callers look for `createNodesV2`. */
export const createNodesV2 = createNodes;

function createNodesForDockerfile(file: string, workspaceRoot: string): CreateNodesResult {
  const projectRoot = dirname(file);
  const variant = VARIANT_DOCKERFILE.exec(basename(file))?.groups?.['variant'];
  if (basename(file) !== MAIN_DOCKERFILE && !variant) return {};

  const model = parseDockerfile(readFileSync(join(workspaceRoot, file), 'utf8'), file);
  const targets: Record<string, TargetConfiguration> = inferDockerTargets(model, variant);
  return { projects: { [projectRoot]: { targets } } };
}
