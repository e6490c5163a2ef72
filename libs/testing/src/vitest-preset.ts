/**
 * The one vitest preset of the tooling's tests. Each config names its root, its files and what
 * kind of test they are; the bounds follow from the kind. Bounds only turn a hang into a failure:
 * tests wait on events, and every bound is sized for a 2-core machine with both cores busy.
 *
 *   export default definePolystageVitest({ root: import.meta.dirname, include: ['src/**\/*.test.ts'], kind: 'unit' });
 *
 * (Services' own tests run inside their images' test stages and keep their stack's idiom.)
 */
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

export type TestKind =
  /** Pure logic, maybe a child process or a local server: seconds, even on a loaded machine. */
  | 'unit'
  /** Runs nx in a throwaway copy of the repo. */
  | 'workspace'
  /** Builds images or starts containers: one file at a time, since two cores gain nothing from running them side by side. */
  | 'engine';

type TestOptions = NonNullable<ViteUserConfig['test']>;

const BOUNDS: Record<TestKind, TestOptions> = {
  unit: { testTimeout: 60_000, hookTimeout: 60_000 },
  workspace: { testTimeout: 300_000, hookTimeout: 300_000 },
  // A cold build of every stand-in, or a JVM image, takes minutes on a busy machine.
  engine: { fileParallelism: false, testTimeout: 900_000, hookTimeout: 900_000, teardownTimeout: 60_000 },
};

export interface PolystageVitestOptions {
  root: string;
  include: string[];
  kind: TestKind;
  /** Anything else this config needs (setup files, a project name); merged over the preset. */
  test?: TestOptions;
}

/** The `test` options of one config (or of one entry of `test.projects`). */
export function polystageTestOptions({ root, include, kind, test = {} }: PolystageVitestOptions): TestOptions {
  return mergeConfig(
    {
      root,
      include,
      ...BOUNDS[kind],
      // A config that finds no file is a typo in `include`, not a pass.
      passWithNoTests: false,
      // Environment and globals stubbed by one test never leak into the next.
      unstubEnvs: true,
      unstubGlobals: true,
    },
    test,
  ) as TestOptions;
}

export function definePolystageVitest(options: PolystageVitestOptions) {
  return defineConfig({ test: polystageTestOptions(options) });
}
