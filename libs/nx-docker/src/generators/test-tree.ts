/**
 * For the generator tests: Nx's virtual Tree holding copies of the real files the generators read
 * and edit (compose.yaml, READMEs, the gateway's route table, ...), and a snapshot of what changed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

export const REPO_ROOT = resolve(import.meta.dirname, '../../../..');

export const REAL_FILES = [
  'compose.yaml',
  'compose.dev.yaml',
  'README.md',
  'docs/benchmarks.md',
  'docs/security.md',
  'system/package.json',
  '.github/workflows/ci.yml',
  'services/gateway/Dockerfile',
  'services/gateway/project.json',
  'services/gateway/README.md',
  'services/gateway/internal/routes/routes.json',
  'services/reports/project.json',
  'services/reports/Dockerfile',
  'services/reports/pom.xml',
  'services/api/project.json',
  'services/api/Dockerfile',
  'services/reports/README.md',
  'services/web/package.json',
  'services/web/smoke/sidecars.json',
  'services/worker/smoke/sidecars.json',
  'services/reports/smoke/sidecars.json',
  'libs/nx-docker/package.json',
  'package-lock.json',
  'services/worker/Dockerfile',
  'services/web/Dockerfile',
  'services/web/server/nginx.conf',
  'services/web/server/security-headers.conf',
  'services/web/server/nginx-rootfs.sh',
  'services/web/scripts/precompress.ts',
  'services/web/scripts/precompress.test.ts',
];

/** A file of a service the repo no longer has (`remove-service` deleted its folder) went with it. */
const removedWithItsService = (file: string): boolean => /^services\/[^/]+\//.test(file) && !existsSync(resolve(REPO_ROOT, file.split('/').slice(0, 2).join('/')));

export function repoTree(files: readonly string[] = REAL_FILES): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const file of files.filter((file) => !removedWithItsService(file))) tree.write(file, readFileSync(resolve(REPO_ROOT, file), 'utf8'));
  return tree;
}

/** The services the repo has now (a folder with a Dockerfile), as the generators' tests should see them. */
export const repoServices = (): string[] =>
  readdirSync(resolve(REPO_ROOT, 'services'))
    .filter((name) => existsSync(resolve(REPO_ROOT, 'services', name, 'Dockerfile')))
    .sort();

/** Every pending change with its content: equal snapshots mean nothing was written in between. */
export const changes = (tree: Tree): string[] => tree.listChanges().map((change) => `${change.type} ${change.path} ${change.content?.toString('utf8') ?? ''}`);
