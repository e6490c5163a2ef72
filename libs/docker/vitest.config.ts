import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// Unit tests only: every docker call goes through an injected runner, so no engine is needed.
export default definePolystageVitest({ root: import.meta.dirname, include: ['src/**/*.test.ts'], kind: 'unit' });
