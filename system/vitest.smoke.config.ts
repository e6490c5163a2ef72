// The full-flow smoke test (`nx run system:smoke`): every service's prod image at once.
//   vitest run --config system/vitest.smoke.config.ts
import { smokeEngineSetup } from '@polystage/smoke/vitest';
import { definePolystageVitest } from '@polystage/testing/vitest-preset';

// The engine the images were built in, for testcontainers too (Ryuk off: no registry to pull it from).
export default definePolystageVitest({ root: import.meta.dirname, include: ['smoke/**/*.smoke.test.ts'], kind: 'engine', test: smokeEngineSetup });
