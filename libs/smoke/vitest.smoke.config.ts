// Runs services' smoke specs against their prod images as their build records name them. The
// inferred Nx target `smoke` runs, from the workspace root:
//   vitest run --config libs/smoke/vitest.smoke.config.ts services/<name>/smoke
// Set SMOKE_IMAGE to test another image than the one `nx run <name>:docker-prod` recorded.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { smokeEngineSetup } from './src/vitest/engine-setup.ts';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  test: {
    root: workspaceRoot,
    include: ['services/*/smoke/**/*.smoke.test.ts'],
    // The engine the images were built in, for testcontainers too (Ryuk off: no registry to pull it from).
    ...smokeEngineSetup,
    // Each spec starts real containers: one file at a time on small machines.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    passWithNoTests: false,
  },
});
