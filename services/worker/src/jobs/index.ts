// The job kinds this worker runs, by the `kind` the API stores. A new kind is one entry here.
import { InvalidInput, parseTextStatsInput, textStats } from './text-stats.ts';

export type Outcome = { status: 'succeeded'; result: Record<string, unknown> } | { status: 'failed'; error: string };

type Runner = (input: unknown) => Record<string, unknown>;

const RUNNERS: Record<string, Runner> = {
  'text-stats': (input) => ({ ...textStats(parseTextStatsInput(input)) }),
};

export const JOB_KINDS = Object.keys(RUNNERS);

/** Runs one job. Bad input or an unknown kind is a failed job (reported to the API), never a crash. */
export function runJob(kind: string, input: unknown): Outcome {
  const run = Object.hasOwn(RUNNERS, kind) ? RUNNERS[kind] : undefined;
  if (!run) return { status: 'failed', error: `unsupported job kind ${JSON.stringify(kind)}; this worker runs ${JOB_KINDS.join(', ')}` };
  try {
    return { status: 'succeeded', result: run(input) };
  } catch (error) {
    if (error instanceof InvalidInput) return { status: 'failed', error: `invalid input: ${error.message}` };
    throw error;
  }
}
