import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import type { Engine } from '../engine/connect.ts';
import type { BuildArgv } from './build-argv.ts';

export interface BuildRun {
  exitCode: number;
  /** stdout and stderr interleaved: BuildKit's plain progress, kept to name a failing step. */
  output: string;
  milliseconds: number;
}

export interface RunBuildOptions {
  cwd?: string;
  /** Dockerfile text for a `docker build -` (context `-`). */
  input?: string;
  /** Show the output live as well as keeping it (people watch long builds). */
  stream?: boolean;
}

/** Runs a build argv (build-argv.ts) with the engine's client; never throws for a failed build. */
export async function runBuild(engine: Pick<Engine, 'client'>, command: BuildArgv, options: RunBuildOptions = {}): Promise<BuildRun> {
  const started = performance.now();
  const result = await execa(engine.client, command.args, {
    env: command.env,
    reject: false,
    all: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.stream ? { stdout: ['inherit', 'pipe'] as const, stderr: ['inherit', 'pipe'] as const } : {}),
  });
  return {
    // A client that could not start has no exit code.
    exitCode: result.exitCode ?? 127,
    output: String(result.all ?? result.message ?? ''),
    milliseconds: performance.now() - started,
  };
}

/** The image ID a build wrote with `--iidfile`. */
export async function readImageId(iidFile: string): Promise<string> {
  return (await readFile(iidFile, 'utf8')).trim();
}

/** The last lines of a build's output, for an error message. */
export function outputTail(run: BuildRun, lines = 25): string {
  return run.output.split('\n').slice(-lines).join('\n');
}
