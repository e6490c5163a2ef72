import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineHost } from '../engine/engine-host.ts';
import { testcontainersEnv } from './runtime-env.ts';

const host = (url: string, extra: Partial<EngineHost> = {}): { host: EngineHost } => ({ host: { url, source: 'default', reason: 'test', ...extra } });

describe('testcontainersEnv', () => {
  it('points testcontainers at the engine the client uses, with Ryuk off', () => {
    expect(testcontainersEnv(host('unix:///var/run/docker.sock'), {})).toEqual({
      DOCKER_HOST: 'unix:///var/run/docker.sock',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
    });
  });

  it('keeps a Ryuk choice the caller already made', () => {
    expect(testcontainersEnv(host('unix:///var/run/docker.sock'), { TESTCONTAINERS_RYUK_DISABLED: 'false' })).toMatchObject({
      TESTCONTAINERS_RYUK_DISABLED: 'false',
    });
  });

  it("passes a context's TLS material, which testcontainers cannot find by itself", () => {
    const tlsDir = mkdtempSync(join(tmpdir(), 'context-tls-'));
    mkdirSync(join(tlsDir, 'docker'));
    writeFileSync(join(tlsDir, 'docker', 'ca.pem'), '');
    expect(testcontainersEnv(host('tcp://10.0.0.5:2376', { source: 'context', context: 'remote', tlsDir }), {})).toEqual({
      DOCKER_HOST: 'tcp://10.0.0.5:2376',
      TESTCONTAINERS_RYUK_DISABLED: 'true',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: join(tlsDir, 'docker'),
    });
  });

  it('refuses an ssh:// engine testcontainers cannot reach, with the fix', () => {
    expect(() => testcontainersEnv(host('ssh://builder', { source: 'context', reason: 'docker context "builder" (DOCKER_CONTEXT)' }), {})).toThrow(
      /^Smoke containers cannot reach the engine at ssh:\/\/builder \(docker context "builder" \(DOCKER_CONTEXT\)\): .* point DOCKER_HOST there, for builds and smoke tests alike\.$/,
    );
  });
});
