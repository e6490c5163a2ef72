import { runProbe, type ProbeRunner } from './run.ts';

export interface PullProbe {
  ok: boolean;
  /** First line of docker's answer when the pull failed. */
  problem?: string;
}

/**
 * Whether this machine can pull `ref` from its registry. Air-gapped runners usually refuse at once;
 * the time limit covers proxies that hang instead.
 */
export async function probePull(cliPath: string, ref: string, timeoutMs = 60_000, run: ProbeRunner = runProbe): Promise<PullProbe> {
  const result = await run(cliPath, ['pull', '--quiet', ref], { timeoutMs });
  if (result.exitCode === 0) return { ok: true };
  return { ok: false, problem: result.stderr.split('\n').find(Boolean) ?? `exit code ${result.exitCode}` };
}
