// The only place this workspace spawns the docker client: short commands that answer with text.
// Builds, which stream their output, go through build/run-build.ts; both sit in this library.
import { execa } from 'execa';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Kills the command after this long (default 20 s); a probe must never hang a build. */
  timeoutMs?: number;
  /** Text fed to the command's stdin (e.g. a Dockerfile for `docker build -`). */
  input?: string;
  /** Added to the inherited environment (e.g. DOCKER_BUILDKIT=1). */
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs one docker command; never throws for a non-zero exit, so callers decide what failure means. */
export type DockerRunner = (client: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

export const runDocker: DockerRunner = async (client, args, options = {}) => {
  const result = await execa(client, args, {
    reject: false,
    timeout: options.timeoutMs ?? 20_000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return {
    // ENOENT and time-outs have no exit code; treat them as failed commands.
    exitCode: result.exitCode ?? 127,
    stdout: String(result.stdout ?? '').trim(),
    stderr: String(result.stderr ?? result.message ?? '').trim(),
  };
};

/** The first line docker printed about a failure, for one-line error messages. */
export function firstErrorLine(result: RunResult): string {
  return result.stderr.split('\n').find(Boolean) ?? `exit code ${result.exitCode}`;
}
