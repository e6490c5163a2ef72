import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';

export const SMOKE_DIR = 'smoke';
const SMOKE_SPEC = /\.smoke\.test\.ts$/;
export const SMOKE_TYPECHECK = 'smoke-typecheck';

/**
 * A project with `smoke/*.smoke.test.ts` gets a `smoke` target run against its freshly built prod
 * image. With `smoke/tsconfig.json` beside the specs it also gets `smoke-typecheck`, which `smoke`
 * runs first: vitest strips types without checking them, and a Python or Go service has no other
 * TypeScript check that would catch a spec calling the kit wrongly.
 */
export function inferSmokeTargets(workspaceRoot: string, projectRoot: string, prodTarget: string | undefined): Record<string, TargetConfiguration> {
  const dir = join(workspaceRoot, projectRoot, SMOKE_DIR);
  if (!prodTarget || !existsSync(dir) || !readdirSync(dir).some((file) => SMOKE_SPEC.test(file))) return {};
  const typecheck = existsSync(join(dir, 'tsconfig.json'));
  return {
    smoke: {
      command: `vitest run --config libs/smoke/vitest.smoke.config.ts ${projectRoot}/${SMOKE_DIR}`,
      options: { cwd: '{workspaceRoot}' },
      dependsOn: typecheck ? [SMOKE_TYPECHECK, prodTarget] : [prodTarget],
      // Runs containers from an image in the local engine, which a cache hit could not vouch for.
      cache: false,
      metadata: { technologies: ['docker', 'vitest'], description: 'testcontainers smoke tests against the prod image' },
    },
    ...(typecheck
      ? {
          [SMOKE_TYPECHECK]: {
            command: `tsc --noEmit -p ${projectRoot}/${SMOKE_DIR}`,
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
