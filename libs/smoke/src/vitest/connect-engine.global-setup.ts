// Vitest global setup: connects to the engine once per run (client, host, version, or a one-line
// fix when there is none) and hands the testcontainers environment to every test file.
import { connectEngine, describeEngine, testcontainersEnv } from '@polystage/docker';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What points testcontainers at the build engine (@polystage/docker's testcontainersEnv). */
    smokeEngineEnv: Record<string, string>;
  }
}

export default async function connectSmokeEngine(project: TestProject): Promise<void> {
  const engine = await connectEngine();
  console.info(`[smoke] engine: ${describeEngine(engine)} (${engine.reasons.host})`);
  project.provide('smokeEngineEnv', testcontainersEnv(engine));
}
