import { describe, expect, it, vi } from 'vitest';
import { probePull } from './pull-probe.ts';

const REF = 'debian:trixie-slim';
const DNS_ERROR = 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host';
const docker = { client: 'docker' };

/** A docker that refuses `failures` pulls, then pulls. */
function flakyDocker(failures: number) {
  const calls: string[][] = [];
  const run = vi.fn(async (_file: string, args: readonly string[]) => {
    calls.push([...args]);
    return calls.length <= failures ? { exitCode: 1, stdout: '', stderr: DNS_ERROR } : { exitCode: 0, stdout: REF, stderr: '' };
  });
  return { run, calls };
}

describe('probePull (the one pull probe behind `npm run bases` and the doctor)', () => {
  it('retries with a growing pause before deciding the registry is unreachable', async () => {
    const flaky = flakyDocker(Infinity);
    const pauses: number[] = [];
    const result = await probePull(docker, REF, { run: flaky.run, sleep: async (ms) => void pauses.push(ms) });
    expect(result).toEqual({ ok: false, problem: DNS_ERROR, attempts: 3 });
    expect(flaky.calls).toEqual([
      ['pull', '--quiet', REF],
      ['pull', '--quiet', REF],
      ['pull', '--quiet', REF],
    ]);
    expect(pauses).toEqual([300, 600]);
  });

  it('counts a pull that works on a retry as online', async () => {
    const flaky = flakyDocker(2);
    expect(await probePull(docker, REF, { run: flaky.run, sleep: async () => {} })).toEqual({ ok: true, attempts: 3 });
  });

  it('does not retry a pull that hit the time limit', async () => {
    const run = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { exitCode: 127, stdout: '', stderr: '' };
    });
    const result = await probePull(docker, REF, { run, timeoutMs: 20, sleep: async () => {} });
    expect(result).toMatchObject({ ok: false, attempts: 1, timedOut: true, problem: 'no answer within 20ms' });
    expect(run).toHaveBeenCalledTimes(1);
  });
});
