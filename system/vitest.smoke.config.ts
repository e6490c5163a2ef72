// The full-flow smoke test (`nx run system:smoke`): every service's prod image at once.
//   vitest run --config system/vitest.smoke.config.ts
import { defineConfig } from 'vitest/config';

// No registry: Ryuk's image can never be pulled; the kit removes its own containers.
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['smoke/**/*.smoke.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    env: { TESTCONTAINERS_RYUK_DISABLED: process.env['TESTCONTAINERS_RYUK_DISABLED'] },
  },
});
