// Settings and arbitraries shared by the property tests (fast-check).
// Fixed seed and bounded runs: the image's test stage runs the same cases every build, so a
// failure there reproduces anywhere. To explore other cases locally, set WORKER_PROPERTY_SEED
// (and WORKER_PROPERTY_RUNS); a failure prints its seed and path for fc.assert to replay.
import fc from 'fast-check';

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
};

export const PROPERTY_SEED = envInt('WORKER_PROPERTY_SEED', 16);
export const PROPERTY_RUNS = envInt('WORKER_PROPERTY_RUNS', 300);

/** fc.assert parameters: the fixed seed, and `runs` scaled from the default for slower properties. */
export const runs = (share = 1): { seed: number; numRuns: number } => ({ seed: PROPERTY_SEED, numRuns: Math.max(1, Math.round(PROPERTY_RUNS * share)) });

/** Any UTF-16 string, lone surrogates and control characters included (what JSON can carry). */
export const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 60 });
