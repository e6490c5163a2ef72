// The kit's own tests: unit tests (no engine needed) and integration tests against the
// real engine with locally built fixture images. Run from the workspace root:
//   vitest run --config libs/smoke/vitest.config.ts [--project smoke-unit|smoke-integration]
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { smokeEngineSetup } from './src/vitest/engine-setup.ts';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  test: {
    root: workspaceRoot,
    projects: [
      {
        test: {
          name: 'smoke-unit',
          root: workspaceRoot,
          include: ['libs/smoke/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'smoke-integration',
          root: workspaceRoot,
          include: ['libs/smoke/tests/**/*.integration.test.ts'],
          // The engine first (testcontainers points at it), then the fixture images built in it.
          globalSetup: [...smokeEngineSetup.globalSetup, 'libs/smoke/tests/build-fixtures.ts'],
          setupFiles: smokeEngineSetup.setupFiles,
          // Containers on 2 cores: one file at a time, generous timeouts.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
