import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { readSidecarProjects } from './sidecars-file.ts';

export const SMOKE_DIR = 'smoke';
export const SMOKE_SPEC = /\.smoke\.test\.ts$/;
export const SMOKE_TYPECHECK = 'smoke-typecheck';
/** The target that builds the image a project's smoke specs test (@polystage/nx-docker's naming). */
export const PROD_TARGET = 'docker-prod';

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
        PROD_TARGET,
        ...(sidecars.length > 0 ? [{ projects: sidecars, target: PROD_TARGET }] : []),
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
