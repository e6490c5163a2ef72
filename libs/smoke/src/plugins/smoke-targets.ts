import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { readSidecarProjects } from './sidecars-file.ts';

export const SMOKE_DIR = 'smoke';
export const SMOKE_SPEC = /\.smoke\.test\.ts$/;
export const SMOKE_TYPECHECK = 'smoke-typecheck';
/** The target that builds the image a project's smoke specs test, by @polystage/nx-docker's default naming. */
export const DEFAULT_PROD_TARGET = 'docker-prod';

/** The smoke plugin's options in nx.json; `prodTarget` follows nx-docker's `targetPrefix` when that changes. */
export interface SmokePluginOptions {
  prodTarget?: string;
}

/** `prodTarget` filled in, or a one-line error naming the fix. */
export function smokeProdTarget(options: SmokePluginOptions | undefined): string {
  const { prodTarget = DEFAULT_PROD_TARGET, ...rest } = options ?? {};
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new Error(`@polystage/smoke option "${unknown[0]}" in nx.json is not an option; the only option is prodTarget.`);
  if (typeof prodTarget !== 'string' || prodTarget === '') {
    throw new Error('@polystage/smoke option "prodTarget" in nx.json must name the target that builds the prod image, e.g. "docker-prod".');
  }
  return prodTarget;
}

/**
 * A project with `smoke/*.smoke.test.ts` beside a Dockerfile gets a `smoke` target, run against the
 * image its docker-prod built. The other projects named in `smoke/sidecars.json` get their
 * docker-prod built first too. With `smoke/tsconfig.json` beside the specs it also gets
 * `smoke-typecheck`, which `smoke` runs first: vitest strips types without checking them, and a
 * Python or Go service has no other TypeScript check that would catch a spec calling the kit wrongly.
 */
export function inferSmokeTargets(
  workspaceRoot: string,
  projectRoot: string,
  smokeConfig: string,
  prodTarget: string = DEFAULT_PROD_TARGET,
): Record<string, TargetConfiguration> {
  const smokeDir = join(projectRoot, SMOKE_DIR);
  const dir = join(workspaceRoot, smokeDir);
  if (!existsSync(join(workspaceRoot, projectRoot, 'Dockerfile')) || !existsSync(dir) || !readdirSync(dir).some((file) => SMOKE_SPEC.test(file))) return {};
  const typecheck = existsSync(join(dir, 'tsconfig.json'));
  const sidecars = readSidecarProjects(workspaceRoot, smokeDir);
  return {
    smoke: {
      command: `vitest run --config ${smokeConfig} ${smokeDir}`,
      options: { cwd: '{workspaceRoot}' },
      dependsOn: [
        ...(typecheck ? [SMOKE_TYPECHECK] : []),
        prodTarget,
        ...(sidecars.length > 0 ? [{ projects: sidecars, target: prodTarget }] : []),
      ],
      // Runs containers from an image in the local engine, which a cache hit could not vouch for.
      cache: false,
      metadata: { technologies: ['docker', 'vitest'], description: 'testcontainers smoke tests against the prod image' },
    },
    ...(typecheck
      ? {
          [SMOKE_TYPECHECK]: {
            command: `tsc --noEmit -p ${smokeDir}`,
            options: { cwd: '{workspaceRoot}' },
            cache: true,
            inputs: [`{projectRoot}/${SMOKE_DIR}/**/*`, '{workspaceRoot}/tsconfig.base.json', '^production'],
            outputs: [],
            metadata: { technologies: ['typescript'], description: 'tsc --noEmit on the smoke specs' },
          },
        }
      : {}),
  };
}
