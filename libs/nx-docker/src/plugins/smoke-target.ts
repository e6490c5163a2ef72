import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';

export const SMOKE_DIR = 'smoke';
const SMOKE_SPEC = /\.smoke\.test\.ts$/;

/** A project with `smoke/*.smoke.test.ts` gets a `smoke` target run against its freshly built prod image. */
export function inferSmokeTarget(workspaceRoot: string, projectRoot: string, prodTarget: string | undefined): TargetConfiguration | undefined {
  const dir = join(workspaceRoot, projectRoot, SMOKE_DIR);
  if (!prodTarget || !existsSync(dir) || !readdirSync(dir).some((file) => SMOKE_SPEC.test(file))) return undefined;
  return {
    command: `vitest run --config libs/smoke/vitest.smoke.config.ts ${projectRoot}/${SMOKE_DIR}`,
    options: { cwd: '{workspaceRoot}' },
    dependsOn: [prodTarget],
    // Runs containers from an image in the local engine, which a cache hit could not vouch for.
    cache: false,
    metadata: { technologies: ['docker', 'vitest'], description: 'testcontainers smoke tests against the prod image' },
  };
}
