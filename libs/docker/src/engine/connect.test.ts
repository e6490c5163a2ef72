import { describe, expect, it } from 'vitest';
import type { DockerRunner, RunResult } from '../run-docker.ts';
import { connectEngine } from './connect.ts';
import { parseContext, resolveEngineHost } from './engine-host.ts';
import { assertEngineAnswers } from './probe-engine.ts';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string): RunResult => ({ exitCode: 1, stdout: '', stderr });

const context = (name: string, host: string, tlsPath = '<IN MEMORY>') =>
  JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } }, Storage: { MetadataPath: '/m', TLSPath: tlsPath } });

/** A docker 20.10 client whose current context is `contextJson`, and an engine that answers. */
function fakeDocker(contextJson: string | undefined): DockerRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (_client: string, args: readonly string[]): Promise<RunResult> => {
    calls.push([...args]);
    if (args[0] === 'buildx') return fail(`docker: 'buildx' is not a docker command.`);
    if (args[0] === 'context') return contextJson === undefined ? fail('unknown command') : ok(contextJson);
    if (args.join(' ') === 'version --format {{.Client.Version}}') return ok('20.10.24+dfsg1');
    if (args.join(' ') === 'version --format {{.Server.Version}}') return ok('20.10.24+dfsg1');
    return fail(`unexpected: ${args.join(' ')}`);
  };
  return Object.assign(run, { calls });
}

describe('resolveEngineHost', () => {
  it('takes DOCKER_HOST without asking the client', async () => {
    const docker = fakeDocker(context('remote', 'tcp://10.0.0.5:2376'));
    expect(await resolveEngineHost('/usr/bin/docker', { DOCKER_HOST: 'tcp://build:2375' }, docker)).toEqual({
      url: 'tcp://build:2375',
      source: 'DOCKER_HOST',
      reason: 'DOCKER_HOST=tcp://build:2375',
    });
    expect(docker.calls).toEqual([]);
  });

  it("otherwise takes the current context's endpoint and its TLS folder", async () => {
    const docker = fakeDocker(context('remote', 'tcp://10.0.0.5:2376', '/root/.docker/contexts/tls/abc'));
    expect(await resolveEngineHost('/usr/bin/docker', { DOCKER_CONTEXT: 'remote' }, docker)).toEqual({
      url: 'tcp://10.0.0.5:2376',
      source: 'context',
      context: 'remote',
      tlsDir: '/root/.docker/contexts/tls/abc',
      reason: 'docker context "remote" (DOCKER_CONTEXT)',
    });
  });

  it('falls back to the default socket for the default context and for clients without contexts', async () => {
    const byDefault = await resolveEngineHost('/usr/bin/docker', {}, fakeDocker(context('default', 'unix:///var/run/docker.sock')));
    expect(byDefault).toMatchObject({ url: 'unix:///var/run/docker.sock', source: 'default' });
    expect(await resolveEngineHost('/usr/bin/docker', {}, fakeDocker(undefined))).toMatchObject({ url: 'unix:///var/run/docker.sock', source: 'default' });
  });

  it('reads no TLS folder from the in-memory default context', () => {
    expect(parseContext(context('default', 'unix:///var/run/docker.sock'))).toEqual({ name: 'default', url: 'unix:///var/run/docker.sock' });
    expect(parseContext('not json')).toBeUndefined();
  });
});

describe('assertEngineAnswers', () => {
  it('says how to start an engine when none answers, naming the host', async () => {
    const run: DockerRunner = async () => fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
    await expect(assertEngineAnswers('/usr/bin/docker', 'unix:///var/run/docker.sock', run)).rejects.toThrow(
      'No Docker engine answers at unix:///var/run/docker.sock (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?). Start one: `npm run doctor -- --install`',
    );
  });

  it('returns the server version when the engine answers', async () => {
    expect(await assertEngineAnswers('/usr/bin/docker', 'unix:///var/run/docker.sock', async () => ok('20.10.24'))).toBe('20.10.24');
  });
});

describe('connectEngine', () => {
  it('returns client, builder, host and version with a reason for each choice', async () => {
    const engine = await connectEngine({ env: { DOCKER_CONTEXT: 'ci' }, candidates: ['/usr/bin/docker'], run: fakeDocker(context('ci', 'unix:///run/ci.sock')) });
    expect(engine).toEqual({
      client: '/usr/bin/docker',
      clientVersion: '20.10.24+dfsg1',
      mode: 'classic-buildkit',
      builder: {
        kind: 'engine',
        invocation: 'classic-cli',
        reason: "/usr/bin/docker has no buildx: the engine's BuildKit through DOCKER_BUILDKIT=1 docker build",
      },
      host: { url: 'unix:///run/ci.sock', source: 'context', context: 'ci', reason: 'docker context "ci" (DOCKER_CONTEXT)' },
      serverVersion: '20.10.24+dfsg1',
      reasons: {
        client: '/usr/bin/docker is client 20.10.24+dfsg1 without buildx but with BuildKit built in, so builds use DOCKER_BUILDKIT=1 docker build',
        host: 'docker context "ci" (DOCKER_CONTEXT)',
        builder: "/usr/bin/docker has no buildx: the engine's BuildKit through DOCKER_BUILDKIT=1 docker build",
      },
    });
  });
});
