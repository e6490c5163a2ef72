import { firstErrorLine, runDocker, type DockerRunner } from '../run-docker.ts';
import type { Engine } from './connect.ts';

export interface PullProbe {
  ok: boolean;
  /** First line of docker's answer from the last failed attempt. */
  problem?: string;
  /** How many `docker pull`s ran. */
  attempts: number;
  /** The last attempt got no answer within the time limit. */
  timedOut?: boolean;
}

export interface PullProbeOptions {
  /** Pulls to try before calling the registry unreachable (default 3). */
  attempts?: number;
  /** Time limit of each pull (default 30 s); a pull that hits it is not retried. */
  timeoutMs?: number;
  /** Pause before the second attempt, doubled before each later one (default 300 ms). */
  backoffMs?: number;
  run?: DockerRunner;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Whether this machine can pull `ref` from its registry: the one probe behind both the offline-bases
 * mode decision and the doctor. A quick refusal (an air-gapped runner's DNS error comes back in tens
 * of milliseconds) is retried, so one blip never decides; with the defaults an unreachable registry
 * costs about one second. A pull that hangs until the time limit (a proxy that swallows requests) is
 * not retried: waiting three times as long would only delay the same answer.
 */
export async function probePull(engine: Pick<Engine, 'client'>, ref: string, options: PullProbeOptions = {}): Promise<PullProbe> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 300;
  const run = options.run ?? runDocker;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let problem = '';
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const result = await run(engine.client, ['pull', '--quiet', ref], { timeoutMs });
    if (result.exitCode === 0) return { ok: true, attempts: attempt };
    const timedOut = performance.now() - started >= timeoutMs;
    problem = timedOut ? `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)}s` : `${timeoutMs}ms`}` : firstErrorLine(result);
    if (timedOut || attempt >= attempts) return { ok: false, problem, attempts: attempt, ...(timedOut ? { timedOut } : {}) };
    await sleep(backoffMs * 2 ** (attempt - 1));
  }
}
