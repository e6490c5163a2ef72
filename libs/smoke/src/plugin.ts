import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodesFromFiles, type CreateNodes } from '@nx/devkit';
import { inferSmokeTargets, smokeProdTarget, SMOKE_SPEC, type SmokePluginOptions } from './plugins/smoke-targets.ts';

/** The vitest config the smoke target runs, wherever this kit lives relative to the workspace. */
const SMOKE_CONFIG = fileURLToPath(new URL('../vitest.smoke.config.ts', import.meta.url));

/**
 * `smoke` (and `smoke-typecheck`) for every service with smoke specs. Pure: lists the smoke folder
 * and reads `smoke/sidecars.json`, never runs a spec, git or docker. sidecars.json is in the
 * pattern so a change to it alone recomputes the targets.
 */
export const createNodes: CreateNodes<SmokePluginOptions> = [
  'services/*/smoke/{*.smoke.test.ts,sidecars.json}',
  (files, options, context) => {
    const prodTarget = smokeProdTarget(options);
    const smokeConfig = relative(context.workspaceRoot, SMOKE_CONFIG).replaceAll('\\', '/');
    // One result per project, keyed by its first spec, so the targets are inferred once.
    const firstSpecs = new Map<string, string>();
    for (const file of [...files].sort()) {
      const projectRoot = dirname(dirname(file));
      if (SMOKE_SPEC.test(file) && !firstSpecs.has(projectRoot)) firstSpecs.set(projectRoot, file);
    }
    return createNodesFromFiles(
      (file, _options, ctx) => {
        const projectRoot = dirname(dirname(file));
        const targets = inferSmokeTargets(ctx.workspaceRoot, projectRoot, smokeConfig, prodTarget);
        return Object.keys(targets).length > 0 ? { projects: { [projectRoot]: { targets } } } : {};
      },
      [...firstSpecs.values()],
      options,
      context,
    );
  },
];

/** Nx 23 calls the v2 signature `createNodes`; older callers look for `createNodesV2`. */
export const createNodesV2 = createNodes;
