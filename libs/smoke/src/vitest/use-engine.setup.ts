// Vitest setup file: runs in each test file's worker before the file, so testcontainers' first
// call (the kit's, or a spec's own) already sees the build engine.
import { inject } from 'vitest';
import { useBuildEngine } from '../engine.ts';

await useBuildEngine(inject('smokeEngineEnv'));
