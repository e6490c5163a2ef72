import { fileURLToPath } from 'node:url';
import type { StackDescriptor } from './stack.ts';

/** Go: stdlib HTTP, modelled on services/gateway; static binary on distroless static. */
export const go: StackDescriptor = {
  name: 'go',
  summary: 'Go, standard library',
  runtime: 'distroless static',
  tags: ['lang:go'],
  defaultPort: 8080,
  healthPath: '/healthz',
  // distroless static (~2 MB) plus a stripped stdlib HTTP binary (~6 MB), with headroom.
  sizeBudgetMb: 12,
  baseImages: {
    from: 'services/gateway/Dockerfile',
    fallback: { GO_IMAGE: 'golang:1.27-trixie', STATIC_IMAGE: 'gcr.io/distroless/static-debian13:nonroot' },
  },
  smoke: { startupBudgetMs: 60_000, tmpfs: [], absentPaths: ['/src', '/go', '/usr/local/go', '**/*.go', '**/go.mod'] },
  compose: { memLimit: '64m', pidsLimit: 32, tmpfs: [], healthcheck: true },
  // The Go toolchain compiles inside the dev container.
  dev: { memLimit: '1g', pidsLimit: 256, sync: ['cmd', 'internal'], rebuild: ['go.mod', 'go.sum', '/tools/src/dev/restart-on-change.sh', 'Dockerfile'] },
  files: fileURLToPath(new URL('../files/go', import.meta.url)),
};
