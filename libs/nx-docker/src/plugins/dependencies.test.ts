import { resolve } from 'node:path';
import type { CreateDependenciesContext, ProjectConfiguration } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createDependencies } from './dependencies.ts';
import { EXECUTOR } from './targets.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../../..');

function context(projects: Record<string, ProjectConfiguration>): CreateDependenciesContext {
  return { projects, workspaceRoot } as unknown as CreateDependenciesContext;
}

const dockerProject = (root: string, ...dockerfiles: string[]): ProjectConfiguration => ({
  root,
  targets: Object.fromEntries(
    dockerfiles.flatMap((dockerfile, i) => [
      [`docker-test-${i}`, { executor: EXECUTOR, options: { dockerfile, target: 'test' } }],
      [`docker-prod-${i}`, { executor: EXECUTOR, options: { dockerfile, target: 'prod' } }],
    ]),
  ),
});

describe('createDependencies', () => {
  it('links each project to the builder once per Dockerfile it builds, from that Dockerfile', async () => {
    const deps = await createDependencies(undefined, context({
      'nx-docker': { root: 'libs/nx-docker' },
      api: dockerProject('services/api', 'services/api/Dockerfile'),
      web: dockerProject('services/web', 'services/web/Dockerfile', 'services/web/dev.Dockerfile'),
      docs: { root: 'docs', targets: { build: { executor: 'nx:run-commands' } } },
    }));
    expect(deps).toEqual([
      { source: 'api', target: 'nx-docker', sourceFile: 'services/api/Dockerfile', type: 'static' },
      { source: 'web', target: 'nx-docker', sourceFile: 'services/web/Dockerfile', type: 'static' },
      { source: 'web', target: 'nx-docker', sourceFile: 'services/web/dev.Dockerfile', type: 'static' },
    ]);
  });

  it('adds nothing when the builder is installed rather than a project of the workspace', async () => {
    expect(await createDependencies(undefined, context({ api: dockerProject('services/api', 'services/api/Dockerfile') }))).toEqual([]);
  });
});
