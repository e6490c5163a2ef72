import { execa } from 'execa';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a short probe command; never throws for a non-zero exit, so callers decide what failure means. */
export type ProbeRunner = (file: string, args: readonly string[], options?: { timeoutMs?: number }) => Promise<RunResult>;

export const runProbe: ProbeRunner = async (file, args, options = {}) => {
  const result = await execa(file, args, { reject: false, timeout: options.timeoutMs ?? 20_000, stdin: 'ignore' });
  return {
    // ENOENT and time-outs have no exit code; treat them as failed probes.
    exitCode: result.exitCode ?? 127,
    stdout: String(result.stdout ?? '').trim(),
    stderr: String(result.stderr ?? result.message ?? '').trim(),
  };
};
