import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// The linux/arm64 suite (`npm run test:arm64`): builds and runs arm64 images under emulation, which
// takes many minutes, so it is its own target and never part of `npm test`.
export default definePolystageVitest({ root: import.meta.dirname, include: ['arm64/**/*.test.ts'], kind: 'engine' });
