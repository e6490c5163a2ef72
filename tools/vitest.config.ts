import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// The integration tests build stand-in bases and service images (a cold stand-in build takes minutes).
export default definePolystageVitest({ root: import.meta.dirname, include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], kind: 'engine' });
