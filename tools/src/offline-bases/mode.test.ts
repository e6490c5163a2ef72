import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { probePull, type PullProbe } from '@polystage/docker';
import { resolveMirror } from '@polystage/nx-docker';
import { tempDirs } from './test-tmp.ts';
import { chooseMirror, saveExplicitMode, type PullProber } from './mode.ts';

const tempDir = tempDirs('polystage-mode-');
const REF = 'debian:trixie-slim';
const DNS_ERROR = 'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host';

/** A probe that answers from a script, one answer per call (the last one repeats). */
function scriptedProbe(...answers: PullProbe[]): PullProber & { calls: string[] } {
  const calls: string[] = [];
  const probe = async (ref: string) => {
    calls.push(ref);
    return answers[Math.min(calls.length - 1, answers.length - 1)]!;
  };
  return Object.assign(probe, { calls });
}

const OFFLINE: PullProbe = { ok: false, problem: DNS_ERROR, attempts: 3 };
const ONLINE: PullProbe = { ok: true, attempts: 1 };

async function decisionFile(root: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(root, '.polystage', 'base-images.json'), 'utf8')) as Record<string, unknown>;
}

describe('chooseMirror', () => {
  it('uses BASE_IMAGE_MIRROR without probing', async () => {
    const probe = scriptedProbe(OFFLINE);
    expect(await chooseMirror(await tempDir(), REF, probe, { BASE_IMAGE_MIRROR: 'mirror.example' })).toEqual({ mirror: 'mirror.example', source: 'env' });
    expect(probe.calls).toEqual([]);
  });

  it('goes offline when the probe fails, says so in one line and records the reason and time', async () => {
    const root = await tempDir();
    const first = await chooseMirror(root, REF, scriptedProbe(OFFLINE), {});
    expect(first.mirror).toBe('polystage.local');
    expect(first.announcement).toMatch(/^offline bases: cannot pull debian:trixie-slim \(3 attempts: Error response from daemon: .*\); using local stand-ins tagged polystage\.local\/<ref> until a pull works/);
    expect(first.announcement).not.toContain('\n');
    const decision = await decisionFile(root);
    expect(decision).toMatchObject({ mirror: 'polystage.local', choice: 'auto' });
    expect(decision['reason']).toMatch(/^docker pull debian:trixie-slim failed \(3 attempts: /);
    expect(Date.parse(String(decision['decidedAt']))).toBeGreaterThan(Date.now() - 60_000);
    // Builds read the decision.
    expect(await resolveMirror(root, {})).toMatchObject({ mirror: 'polystage.local', source: 'decision-file' });
  });

  it('does not let one failed probe stick: the next run probes again and a working pull switches back online', async () => {
    const root = await tempDir();
    const probe = scriptedProbe(OFFLINE, OFFLINE, ONLINE);
    expect((await chooseMirror(root, REF, probe, {})).mirror).toBe('polystage.local');
    // Still offline: probed again, no second announcement.
    expect(await chooseMirror(root, REF, probe, {})).toEqual({ mirror: 'polystage.local', source: 'probe' });
    const back = await chooseMirror(root, REF, probe, {});
    expect(back.mirror).toBeUndefined();
    expect(back.announcement).toMatch(/^offline bases: debian:trixie-slim can be pulled again; back to official base images \(stand-ins had been used since /);
    expect(probe.calls).toHaveLength(3);
    expect(await decisionFile(root)).toMatchObject({ mirror: null, choice: 'auto', reason: 'docker pull debian:trixie-slim worked' });
    expect(await resolveMirror(root, {})).toBeUndefined();
  });

  it('re-probes a decision file written before explicit choices existed (it was a probe)', async () => {
    const root = await tempDir();
    await mkdir(join(root, '.polystage'));
    await writeFile(
      join(root, '.polystage', 'base-images.json'),
      JSON.stringify({ mirror: 'polystage.local', reason: 'docker pull debian:trixie-slim failed: no such host', decidedAt: '2026-11-01T00:00:00.000Z' }),
    );
    const probe = scriptedProbe(ONLINE);
    expect((await chooseMirror(root, REF, probe, {})).mirror).toBeUndefined();
    expect(probe.calls).toEqual([REF]);
  });

  it('honours an explicit offline choice without probing, until --auto', async () => {
    const root = await tempDir();
    expect(await saveExplicitMode(root, 'offline')).toMatch(/^offline bases: offline for good on this machine/);
    const probe = scriptedProbe(ONLINE);
    const choice = await chooseMirror(root, REF, probe, {});
    expect(choice).toMatchObject({ mirror: 'polystage.local', source: 'explicit' });
    expect(choice.announcement).toMatch(/chosen explicitly/);
    expect(probe.calls).toEqual([]);
    expect(await decisionFile(root)).toMatchObject({ mirror: 'polystage.local', choice: 'explicit' });

    await saveExplicitMode(root, 'auto');
    expect((await chooseMirror(root, REF, probe, {})).mirror).toBeUndefined();
    expect(probe.calls).toEqual([REF]);
  });

  it('honours an explicit online choice without probing', async () => {
    const root = await tempDir();
    await saveExplicitMode(root, 'online');
    const probe = scriptedProbe(OFFLINE);
    expect(await chooseMirror(root, REF, probe, {})).toMatchObject({ mirror: undefined, source: 'explicit' });
    expect(probe.calls).toEqual([]);
    expect(await resolveMirror(root, {})).toBeUndefined();
  });
});

describe('the pull probe behind the mode decision', () => {
  /** A docker that refuses `failures` pulls, then pulls. */
  function flakyDocker(failures: number) {
    const calls: string[][] = [];
    const run = vi.fn(async (_file: string, args: readonly string[]) => {
      calls.push([...args]);
      return calls.length <= failures ? { exitCode: 1, stdout: '', stderr: DNS_ERROR } : { exitCode: 0, stdout: 'debian:trixie-slim', stderr: '' };
    });
    return { run, calls };
  }

  it('drives the mode decision: offline only after every attempt failed', async () => {
    const root = await tempDir();
    const docker = flakyDocker(3);
    const probe: PullProber = (ref) => probePull({ client: 'docker' }, ref, { run: docker.run, sleep: async () => {} });
    expect((await chooseMirror(root, REF, probe, {})).mirror).toBe('polystage.local');
    expect(docker.calls).toHaveLength(3);
    // The fourth pull works: the next run is back online.
    expect((await chooseMirror(root, REF, probe, {})).mirror).toBeUndefined();
  });
});
