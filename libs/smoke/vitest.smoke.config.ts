// Runs services' smoke specs against their local prod images. The inferred Nx target
// `smoke` runs, from the workspace root:
//   vitest run --config libs/smoke/vitest.smoke.config.ts services/<name>/smoke
// Set SMOKE_IMAGE to test another tag than <project>:prod.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
// No registry: Ryuk's image can never be pulled; the kit removes its own containers.
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';

export default defineConfig({
  test: {
    root: workspaceRoot,
    include: ['services/*/smoke/**/*.smoke.test.ts'],
    // Each spec starts real containers: one file at a time on small machines.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    env: { TESTCONTAINERS_RYUK_DISABLED: process.env['TESTCONTAINERS_RYUK_DISABLED'] },
    passWithNoTests: false,
  },
});
