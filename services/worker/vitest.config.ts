import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    // Unit tests live beside the code; smoke/ runs against the prod image (nx run worker:smoke).
    include: ['src/**/*.test.ts'],
    // Tests wait on events (a count, a log line, a child's exit), never on time; these bounds only
    // turn a hang into a failure. Generous because the image's test stage may share the two cores
    // with other builds, where vitest's 5 s default is not enough for a test that starts a
    // process or a server. Waits inside tests give up earlier (30 s) with a clearer message.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
