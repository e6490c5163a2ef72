// Vitest options every config that starts smoke containers spreads into its `test` options:
// the engine is connected once per run (global setup) and testcontainers in each test file is
// pointed at it before the file runs (setup file), so specs that use testcontainers directly
// (a Network, say) meet the same engine as the kit.
import { fileURLToPath } from 'node:url';

export const smokeEngineSetup = {
  globalSetup: [fileURLToPath(new URL('./connect-engine.global-setup.ts', import.meta.url))],
  setupFiles: [fileURLToPath(new URL('./use-engine.setup.ts', import.meta.url))],
};
