// The kit's own tests: unit tests (no engine needed) and integration tests against the
// real engine with locally built fixture images. Run from the workspace root:
//   vitest run --config libs/smoke/vitest.config.ts [--project smoke-unit|smoke-integration]
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { polystageTestOptions } from '@polystage/testing/vitest-preset';
import { smokeEngineSetup } from './src/vitest/engine-setup.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      { test: polystageTestOptions({ root, include: ['libs/smoke/src/**/*.test.ts'], kind: 'unit', test: { name: 'smoke-unit' } }) },
      {
        test: polystageTestOptions({
          root,
          include: ['libs/smoke/tests/**/*.integration.test.ts'],
          kind: 'engine',
          // The engine first (testcontainers points at it), then the fixture images built in it.
          test: {
            name: 'smoke-integration',
            globalSetup: [...smokeEngineSetup.globalSetup, 'libs/smoke/tests/build-fixtures.ts'],
            setupFiles: smokeEngineSetup.setupFiles,
          },
        }),
      },
    ],
  },
});
