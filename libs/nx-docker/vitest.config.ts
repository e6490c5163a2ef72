import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    // Integration tests drive real docker builds; 2 cores gain nothing from running them side by side.
    fileParallelism: false,
    // Each test drives real builds through `nx run`; a loaded 2-core machine needs minutes, not seconds.
    testTimeout: 600_000,
  },
});
