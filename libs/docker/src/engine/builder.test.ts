import { describe, expect, it } from 'vitest';
import type { DockerRunner, RunResult } from '../run-docker.ts';
import { parseBuilderInspect, remoteBuilderName, resolveBuilder } from './builder.ts';
import type { DockerClient } from './detect-client.ts';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string): RunResult => ({ exitCode: 1, stdout: '', stderr });

const inspect = (name: string, driver: string, status = 'running', endpoint = 'unix:///run/polystage-buildkit/buildkitd.sock') =>
  `Name:          ${name}\nDriver:        ${driver}\nLast Activity: 2026-11-30 04:50:00 +0000 UTC\n\nNodes:\nName:                  ${name}0\nEndpoint:              ${endpoint}\nStatus:                ${status}\nBuildKit version:      v0.34.2\n`;

/** buildx whose builders are `builders` (name -> inspect text); `current` answers a bare `buildx inspect`. */
function buildx(builders: Record<string, string>, current = inspect('default', 'docker', 'running', 'default')): DockerRunner {
  return async (_client, args) => {
    if (args[0] !== 'buildx' || args[1] !== 'inspect') return fail(`unexpected: ${args.join(' ')}`);
    if (!args[2]) return ok(current);
    return builders[args[2]] ? ok(builders[args[2]]!) : fail(`ERROR: no builder "${args[2]}" found`);
  };
}

const withBuildx: DockerClient = { path: '/usr/local/bin/docker', mode: 'buildx', clientVersion: '28.2.2', reason: '' };
const debian: DockerClient = { path: '/usr/bin/docker', mode: 'buildx', clientVersion: '20.10.24+dfsg1', reason: '' };
const noBuildx: DockerClient = { path: '/usr/bin/docker', mode: 'classic-buildkit', clientVersion: '20.10.24+dfsg1', reason: '' };

describe('resolveBuilder', () => {
  it('takes the polystage builder (the BuildKit daemon setup starts) when it runs', async () => {
    expect(await resolveBuilder(withBuildx, {}, buildx({ polystage: inspect('polystage', 'remote') }))).toEqual({
      kind: 'buildx',
      name: 'polystage',
      driver: 'remote',
      endpoint: 'unix:///run/polystage-buildkit/buildkitd.sock',
      reason: 'the polystage builder (BuildKit daemon started by npm run setup) is running',
    });
  });

  it("falls back to buildx's current builder, saying why, when polystage is missing or stopped", async () => {
    const missing = await resolveBuilder(withBuildx, {}, buildx({}));
    expect(missing).toMatchObject({ kind: 'buildx', name: 'default', driver: 'docker' });
    expect(missing.reason).toBe('buildx\'s current builder (ERROR: no builder "polystage" found; `npm run setup` starts polystage)');
    const stopped = await resolveBuilder(withBuildx, {}, buildx({ polystage: inspect('polystage', 'remote', 'inactive') }));
    expect(stopped.reason).toMatch(/builder polystage is inactive/);
  });

  it("BUILDER=engine builds on the engine's BuildKit: the classic CLI where the client still has it, else buildx's default builder", async () => {
    expect(await resolveBuilder(debian, { BUILDER: 'engine' }, buildx({}))).toMatchObject({ kind: 'engine', invocation: 'classic-cli' });
    expect(await resolveBuilder(withBuildx, { BUILDER: 'engine' }, buildx({}))).toMatchObject({ kind: 'engine', invocation: 'buildx-default' });
  });

  it('uses the classic CLI when the client has no buildx', async () => {
    expect(await resolveBuilder(noBuildx, {}, buildx({}))).toMatchObject({ kind: 'engine', invocation: 'classic-cli', reason: expect.stringMatching(/has no buildx/) });
  });

  it('BUILDER=<name> takes that builder, and a missing one is a one-line error naming the fix', async () => {
    expect(await resolveBuilder(withBuildx, { BUILDER: 'ci' }, buildx({ ci: inspect('ci', 'docker-container') }))).toMatchObject({ name: 'ci', reason: 'BUILDER=ci' });
    await expect(resolveBuilder(withBuildx, { BUILDER: 'nope' }, buildx({}))).rejects.toThrow(
      'BUILDER=nope is not a usable buildx builder: ERROR: no builder "nope" found. See `docker buildx ls`, or unset BUILDER.',
    );
    await expect(resolveBuilder(noBuildx, { BUILDER: 'ci' }, buildx({}))).rejects.toThrow(/needs docker buildx, and \/usr\/bin\/docker has none/);
  });
});

describe('parseBuilderInspect', () => {
  it('reads the header and the first node', () => {
    expect(parseBuilderInspect(inspect('polystage', 'remote'))).toEqual({
      name: 'polystage',
      driver: 'remote',
      endpoint: 'unix:///run/polystage-buildkit/buildkitd.sock',
      status: 'running',
    });
    expect(parseBuilderInspect('garbage')).toBeUndefined();
  });
});

describe('BUILDER=tcp://host:port', () => {
  it('needs the client certificates, in one line naming the variable and the files', async () => {
    await expect(resolveBuilder(withBuildx, { BUILDER: 'tcp://10.0.0.5:1234' }, buildx({}))).rejects.toThrow(
      'BUILDER=tcp://10.0.0.5:1234 needs the client certificates of that BuildKit daemon: set BUILDER_TLS_DIR to a folder with ca.pem, cert.pem and key.pem.',
    );
  });

  it('makes one remote builder per address and certificate folder, with the certificates as driver options', async () => {
    const calls: string[][] = [];
    const name = remoteBuilderName('tcp://10.0.0.5:1234', '/certs');
    const run: DockerRunner = async (_client, args) => {
      calls.push([...args]);
      if (args[1] === 'create') return ok(name);
      if (args[1] === 'inspect' && calls.some((call) => call[1] === 'create')) return ok(inspect(name, 'remote', 'running', 'tcp://10.0.0.5:1234'));
      return fail(`ERROR: no builder "${args[2]}" found`);
    };
    expect(await resolveBuilder(withBuildx, { BUILDER: 'tcp://10.0.0.5:1234', BUILDER_TLS_DIR: '/certs' }, run)).toMatchObject({ kind: 'buildx', name, driver: 'remote' });
    expect(name).toMatch(/^polystage-10-0-0-5-1234-[0-9a-f]{6}$/);
    expect(calls.find((call) => call[1] === 'create')).toEqual([
      'buildx', 'create', '--name', name, '--driver', 'remote', '--driver-opt', 'cacert=/certs/ca.pem,cert=/certs/cert.pem,key=/certs/key.pem', 'tcp://10.0.0.5:1234',
    ]);
    expect(remoteBuilderName('tcp://10.0.0.5:1234', '/other')).not.toBe(name);
  });
});
