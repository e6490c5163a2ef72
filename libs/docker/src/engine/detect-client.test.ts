import { describe, expect, it } from 'vitest';
import type { DockerRunner, RunResult } from '../run-docker.ts';
import { detectDockerClient } from './detect-client.ts';

const ok = (stdout: string): RunResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, stdout = ''): RunResult => ({ exitCode: 1, stdout, stderr });

/** A fake docker per path: `buildx version` and `version --format {{.Client.Version}}` answers. */
function fakeClients(clients: Record<string, { buildx?: string; version: string }>): DockerRunner {
  return async (file, args) => {
    const client = clients[file];
    if (!client) return { exitCode: 127, stdout: '', stderr: 'ENOENT' };
    if (args[0] === 'buildx') return client.buildx ? ok(client.buildx) : fail(`docker: 'buildx' is not a docker command.`);
    // Without an engine the version command fails but still prints the client version.
    return fail('Cannot connect to the Docker daemon', client.version);
  };
}

describe('detectDockerClient', () => {
  it('prefers buildx when the client has it', async () => {
    const cli = await detectDockerClient({ candidates: ['/a/docker'], run: fakeClients({ '/a/docker': { buildx: 'v0.20.0', version: '28.2.2' } }) });
    expect(cli).toMatchObject({ path: '/a/docker', mode: 'buildx' });
  });

  it('uses a pre-23 client with BuildKit built in, skipping a newer one without buildx', async () => {
    const run = fakeClients({ '/usr/local/bin/docker': { version: '28.2.2' }, '/usr/bin/docker': { version: '20.10.24+dfsg1' } });
    const cli = await detectDockerClient({ candidates: ['/usr/local/bin/docker', '/usr/bin/docker'], run });
    expect(cli).toMatchObject({ path: '/usr/bin/docker', mode: 'classic-buildkit', clientVersion: '20.10.24+dfsg1' });
    expect(cli.reason).toContain('skipped: /usr/local/bin/docker: client 28.2.2 has no buildx plugin');
  });

  it('explains why no client can build', async () => {
    const run = fakeClients({ '/usr/local/bin/docker': { version: '28.2.2' } });
    await expect(detectDockerClient({ candidates: ['/usr/local/bin/docker'], run })).rejects.toThrow(
      'No docker client here can run BuildKit builds. /usr/local/bin/docker: client 28.2.2 has no buildx plugin, and since Docker 23 its classic builder cannot use BuildKit without one. Install the buildx plugin',
    );
  });

  it('honours DOCKER_CLI and fails clearly when it cannot build', async () => {
    const run = fakeClients({ '/opt/docker': { version: '20.10.5' }, '/new/docker': { version: '27.0.1' } });
    expect(await detectDockerClient({ env: { DOCKER_CLI: '/opt/docker' }, candidates: [], run })).toMatchObject({ path: '/opt/docker', mode: 'classic-buildkit' });
    await expect(detectDockerClient({ env: { DOCKER_CLI: '/new/docker' }, candidates: [], run })).rejects.toThrow(
      'DOCKER_CLI=/new/docker cannot run BuildKit builds: client 27.0.1 has no buildx plugin, and since Docker 23 its classic builder cannot use BuildKit without one. Unset DOCKER_CLI or point it at a client that can.',
    );
  });
});
