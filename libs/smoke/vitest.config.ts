// The kit's own tests: unit tests (no engine needed) and integration tests against the
// real engine with locally built fixture images. Run from the workspace root:
//   vitest run --config libs/smoke/vitest.config.ts [--project smoke-unit|smoke-integration]
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
// No registry: Ryuk's image can never be pulled. Workers inherit this.
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';

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
          globalSetup: ['libs/smoke/tests/build-fixtures.ts'],
          // Containers on 2 cores: one file at a time, generous timeouts.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
