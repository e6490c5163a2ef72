import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    // Unit tests live beside the code; smoke/ runs against the prod image (nx run worker:smoke).
    include: ['src/**/*.test.ts'],
  },
});
