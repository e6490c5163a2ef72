import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests drive real docker builds; 2 cores gain nothing from running them side by side.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
