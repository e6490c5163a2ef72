import type { ExecutorContext } from '@nx/devkit';

type Step<Options> = (options: Options, context: ExecutorContext) => Promise<boolean>;

/**
 * An Nx executor from a step that says whether it succeeded. A thrown error is printed as its
 * message alone: our own errors are complete one-line sentences naming the problem and the fix,
 * and anything else still gets its message shown.
 */
export function executor<Options>(step: Step<Options>): (options: Options, context: ExecutorContext) => Promise<{ success: boolean }> {
  return async (options, context) => {
    try {
      return { success: await step(options, context) };
    } catch (error) {
      console.error(`\n${(error as Error).message}`);
      return { success: false };
    }
  };
}
