// The full-flow smoke test (`nx run system:smoke`): every service's prod image at once.
//   vitest run --config system/vitest.smoke.config.ts
import { smokeEngineSetup } from '@polystage/smoke/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['smoke/**/*.smoke.test.ts'],
    // The engine the images were built in, for testcontainers too (Ryuk off: no registry to pull it from).
    ...smokeEngineSetup,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
