// Vite builds the SPA into dist/ (hashed files under dist/assets/); vitest runs the
// unit tests in happy-dom. `npm run dev` proxies /api to a local api (API_URL).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Source maps stay out of the image; no inline assets, so the CSP needs no data: scripts.
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': {
        target: process.env['API_URL'] ?? 'http://localhost:8000',
        rewrite: (path) => path.replace(/^\/api/, ''),
      },
    },
  },
  test: {
    // Plain Node by default; component tests opt into a DOM with a @vitest-environment docblock.
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    restoreMocks: true,
    // Tests wait on the DOM and on events, never on time; this bound only turns a hang into a
    // failure. Generous because the image's test stage may share the two cores with other builds,
    // where vitest's 5 s default is short for a component test that renders and polls.
    testTimeout: 60_000,
  },
});
