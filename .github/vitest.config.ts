// The CI project's own test: renovate.json's managers read every base image the Dockerfiles name.
//   vitest run --config .github/vitest.config.ts
import { definePolystageVitest } from '@polystage/testing/vitest-preset';

export default definePolystageVitest({ root: import.meta.dirname, include: ['tests/**/*.test.ts'], kind: 'unit' });
