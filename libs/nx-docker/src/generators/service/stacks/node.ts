import { fileURLToPath } from 'node:url';
import type { StackDescriptor } from './stack.ts';

/** Node: TypeScript on node:http, modelled on services/worker; stripped node + compiled JS on distroless cc. */
export const node: StackDescriptor = {
  name: 'node',
  summary: 'TypeScript on Node 24, node:http',
  runtime: 'distroless cc + node',
  tags: ['lang:typescript'],
  defaultPort: 8080,
  healthPath: '/healthz',
  // Measured 133.8 MB: distroless cc (25.3 MB), the stripped node binary (109 MB) and the
  // compiled JS (9 KB). The worker's 150 MB budget leaves room for some runtime dependencies.
  sizeBudgetMb: 150,
  baseImages: {
    from: 'services/worker/Dockerfile',
    fallback: { NODE_IMAGE: 'node:24-trixie-slim', DISTROLESS_CC_IMAGE: 'gcr.io/distroless/cc-debian13:nonroot' },
  },
  smoke: {
    startupBudgetMs: 60_000,
    tmpfs: [],
    // The worker's list: no npm, sources, tests, typings or build tools beside the compiled JS.
    absentPaths: [
      '/src',
      '/usr/local/bin/node',
      '/usr/local/lib/node_modules',
      '/app/services/<name>/src',
      '/app/**/*.ts',
      '/app/**/*.test.*',
      '/app/**/*.map',
      '/app/**/tsconfig*.json',
      '/app/**/vitest.config.*',
      '/app/**/package-lock.json',
      '/app/node_modules/.bin',
      '/app/node_modules/typescript',
      '/app/node_modules/vitest',
      '/app/node_modules/@types',
      '/usr/bin/strip',
    ],
  },
  compose: { memLimit: '192m', pidsLimit: 32, tmpfs: [], healthcheck: true },
  // Node runs the TypeScript sources in the dev container; no build step.
  dev: { memLimit: '512m', pidsLimit: 128, sync: ['src'], rebuild: ['package.json', '/tools/src/dev/restart-on-change.sh', '/package-lock.json', 'Dockerfile'] },
  // The worker's toolchain at the worker's locked versions (it has no runtime dependencies).
  npm: { from: 'services/worker', dependencies: [], devDependencies: ['@types/node', 'typescript', 'vitest'] },
  files: fileURLToPath(new URL('../files/node', import.meta.url)),
};
