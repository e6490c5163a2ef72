// Whole-repo tests that are not about one image: which projects a change affects.
//   vitest run --config system/vitest.config.ts
import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// Each case runs nx in a throwaway copy of the repo.
export default definePolystageVitest({ root: import.meta.dirname, include: ['tests/**/*.test.ts'], kind: 'workspace' });
