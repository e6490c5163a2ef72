import { describe, expect, it } from 'vitest';
import { detectDockerCli } from './docker-cli.ts';
import { assertEngineAnswers } from './engine.ts';
import type { ProbeRunner, RunResult } from './run.ts';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, stdout = ''): RunResult => ({ exitCode: 1, stdout, stderr });

/** A fake docker per path: `buildx version` and `version --format {{.Client.Version}}` answers. */
function fakeClients(clients: Record<string, { buildx?: string; version: string }>): ProbeRunner {
  return async (file, args) => {
    const client = clients[file];
    if (!client) return { exitCode: 127, stdout: '', stderr: 'ENOENT' };
    if (args[0] === 'buildx') return client.buildx ? ok(client.buildx) : fail(`docker: 'buildx' is not a docker command.`);
    // Without an engine the version command fails but still prints the client version.
    return fail('Cannot connect to the Docker daemon', client.version);
  };
}

describe('detectDockerCli', () => {
  it('prefers buildx when the client has it', async () => {
    const cli = await detectDockerCli({ candidates: ['/a/docker'], run: fakeClients({ '/a/docker': { buildx: 'v0.20.0', version: '28.2.2' } }) });
    expect(cli).toMatchObject({ path: '/a/docker', mode: 'buildx' });
  });

  it('uses a pre-23 client with BuildKit built in, skipping a newer one without buildx', async () => {
    const run = fakeClients({ '/usr/local/bin/docker': { version: '28.2.2' }, '/usr/bin/docker': { version: '20.10.24+dfsg1' } });
    const cli = await detectDockerCli({ candidates: ['/usr/local/bin/docker', '/usr/bin/docker'], run });
    expect(cli).toMatchObject({ path: '/usr/bin/docker', mode: 'classic-buildkit', clientVersion: '20.10.24+dfsg1' });
    expect(cli.reason).toContain('skipped: /usr/local/bin/docker: client 28.2.2 has no buildx plugin');
  });

  it('explains why no client can build', async () => {
    const run = fakeClients({ '/usr/local/bin/docker': { version: '28.2.2' } });
    await expect(detectDockerCli({ candidates: ['/usr/local/bin/docker'], run })).rejects.toThrow(
      'No docker client here can run BuildKit builds. /usr/local/bin/docker: client 28.2.2 has no buildx plugin, and since Docker 23 its classic builder cannot use BuildKit without one. Install the buildx plugin',
    );
  });

  it('honours DOCKER_CLI and fails clearly when it cannot build', async () => {
    const run = fakeClients({ '/opt/docker': { version: '20.10.5' }, '/new/docker': { version: '27.0.1' } });
    expect(await detectDockerCli({ env: { DOCKER_CLI: '/opt/docker' }, candidates: [], run })).toMatchObject({ path: '/opt/docker', mode: 'classic-buildkit' });
    await expect(detectDockerCli({ env: { DOCKER_CLI: '/new/docker' }, candidates: [], run })).rejects.toThrow(
      'DOCKER_CLI=/new/docker cannot run BuildKit builds: client 27.0.1 has no buildx plugin, and since Docker 23 its classic builder cannot use BuildKit without one. Unset DOCKER_CLI or point it at a client that can.',
    );
  });
});

describe('assertEngineAnswers', () => {
  it('says how to start an engine when none answers', async () => {
    const run: ProbeRunner = async () => fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
    await expect(assertEngineAnswers('/usr/bin/docker', {}, run)).rejects.toThrow(
      'No Docker engine answers at unix:///var/run/docker.sock (Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?). Start one: `npm run doctor -- --install`',
    );
  });

  it('returns the server version when the engine answers', async () => {
    expect(await assertEngineAnswers('/usr/bin/docker', {}, async () => ok('20.10.24'))).toBe('20.10.24');
  });
});
