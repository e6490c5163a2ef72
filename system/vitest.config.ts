// Whole-repo tests that are not about one image: which projects a change affects.
//   vitest run --config system/vitest.config.ts
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    // Each case runs nx in a throwaway copy of the repo: a few seconds apiece.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
