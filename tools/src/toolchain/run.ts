import { execa } from 'execa';

export interface RunResult {
  /** The program is not there (ENOENT): nothing ran. */
  notFound: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to (and overriding) this process's environment. */
  env?: Readonly<Record<string, string>>;
}

/** Runs a program to the end, output captured; never throws for a failing exit, so callers word the error. */
export type Run = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const execaRun: Run = async (file, args, options = {}) => {
  const result = await execa(file, args, { cwd: options.cwd, env: options.env, reject: false, stdin: 'ignore' });
  return {
    notFound: result.code === 'ENOENT',
    exitCode: result.exitCode ?? 1,
    stdout: result.stdout,
    stderr: result.stderr,
  };
};
