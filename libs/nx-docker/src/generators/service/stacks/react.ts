import { fileURLToPath } from 'node:url';
import type { StackDescriptor } from './stack.ts';

/** React: a Vite SPA modelled on services/web; nginx (a root tree from Debian) on distroless static. */
export const react: StackDescriptor = {
  name: 'react',
  summary: 'React + Vite SPA',
  runtime: 'nginx on distroless static',
  tags: ['lang:typescript'],
  defaultPort: 8080,
  healthPath: '/healthz',
  // Measured 15.3 MB, as web: distroless static (1.6 MB), nginx with the libraries it loads
  // (13.3 MB, mostly OpenSSL) and the app with its .gz/.br twins (0.35 MB). web's 30 MB budget
  // leaves room for a real app's assets.
  sizeBudgetMb: 30,
  baseImages: {
    from: 'services/web/Dockerfile',
    fallback: { NODE_IMAGE: 'node:24-trixie-slim', DEBIAN_IMAGE: 'debian:trixie-slim', STATIC_IMAGE: 'gcr.io/distroless/static-debian13:nonroot' },
  },
  // nginx's pid file and temp folders; web's absent paths: no node, manifests, sources or maps.
  smoke: {
    startupBudgetMs: 60_000,
    tmpfs: ['/tmp'],
    absentPaths: ['/src', '**/node_modules', '/usr/local/bin/node', '**/package.json', '/srv/<name>/src', '/srv/<name>/**/*.ts', '/srv/<name>/**/*.tsx', '/srv/<name>/**/*.map', '/etc/nginx/sites-enabled'],
  },
  // No HEALTHCHECK in the image (no shell or probe binary): compose waits for it to start.
  compose: { memLimit: '64m', pidsLimit: 16, tmpfs: ['/tmp'], healthcheck: false, fixedPort: true },
  // Vite's dev server with HMR; index.html is synced too.
  dev: {
    memLimit: '1g',
    pidsLimit: 256,
    sync: ['src', 'public', 'index.html'],
    rebuild: ['package.json', '/package-lock.json', 'vite.config.ts', 'vite.dev.config.ts', 'Dockerfile'],
  },
  // web's React, Vite and toolchain at web's locked versions; the echo logic is tested without a DOM.
  npm: {
    from: 'services/web',
    dependencies: ['react', 'react-dom'],
    devDependencies: ['@types/node', '@types/react', '@types/react-dom', '@vitejs/plugin-react', 'typescript', 'vite', 'vitest'],
  },
  files: fileURLToPath(new URL('../files/react', import.meta.url)),
};
