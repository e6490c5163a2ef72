import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    // Unit tests only: every docker call goes through an injected runner, so no engine is needed.
    include: ['src/**/*.test.ts'],
  },
});
