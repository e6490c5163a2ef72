// Runs services' smoke specs against their prod images as their build records name them. The
// inferred Nx target `smoke` runs, from the workspace root:
//   vitest run --config libs/smoke/vitest.smoke.config.ts services/<name>/smoke
// Set SMOKE_IMAGE to test another image than the one `nx run <name>:docker-prod` recorded.
import { fileURLToPath } from 'node:url';
import { definePolystageVitest } from '@polystage/testing/vitest-preset';
import { smokeEngineSetup } from './src/vitest/engine-setup.ts';

export default definePolystageVitest({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  include: ['services/*/smoke/**/*.smoke.test.ts'],
  kind: 'engine',
  // The engine the images were built in, for testcontainers too (Ryuk off: no registry to pull it from).
  test: smokeEngineSetup,
});
