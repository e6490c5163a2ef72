import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// The integration tests drive real builds through `nx run` in a scratch workspace.
export default definePolystageVitest({ root: import.meta.dirname, include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], kind: 'engine' });
