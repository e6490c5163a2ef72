import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests drive real docker builds; 2 cores gain nothing from running them side by side.
    fileParallelism: false,
    // A cold build of every stand-in takes minutes; a warm one is a label check.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
