import { describe, expect, it } from 'vitest';
import { buildkitdConfig } from './buildkitd.ts';
import { mirrorRef } from './mirror-stand-ins.ts';
import { registryConfig } from './registry.ts';

describe('buildkitdConfig', () => {
  it('serves each mirrored prefix from its loopback registry over plain HTTP', () => {
    expect(buildkitdConfig({ 'polystage.local': '127.0.0.1:5123' })).toBe(
      ['[registry."polystage.local"]', '  mirrors = ["127.0.0.1:5123"]', '', '[registry."127.0.0.1:5123"]', '  http = true', ''].join('\n'),
    );
    expect(buildkitdConfig({})).toBe('');
  });
});

describe('registryConfig', () => {
  it('listens where asked, stores under its folder, and adds TLS and htpasswd only when given', () => {
    const plain = JSON.parse(registryConfig({ dir: '/r', addr: '127.0.0.1:5123' }));
    expect(plain).toMatchObject({ version: 0.1, http: { addr: '127.0.0.1:5123' }, storage: { filesystem: { rootdirectory: '/r/storage' } } });
    expect(plain.auth).toBeUndefined();
    expect(plain.http.tls).toBeUndefined();
    const locked = JSON.parse(registryConfig({ dir: '/r', addr: '127.0.0.1:5443', tls: { certificate: '/r/cert.pem', key: '/r/key.pem' }, htpasswd: '/r/htpasswd' }));
    expect(locked.http.tls).toEqual({ certificate: '/r/cert.pem', key: '/r/key.pem' });
    expect(locked.auth).toEqual({ htpasswd: { realm: 'polystage', path: '/r/htpasswd' } });
  });
});

describe('mirrorRef', () => {
  it('moves a stand-in from its prefix to the mirror registry, keeping the official path', () => {
    expect(mirrorRef('polystage.local/gcr.io/distroless/static-debian13:nonroot', 'polystage.local', '127.0.0.1:5123')).toBe(
      '127.0.0.1:5123/gcr.io/distroless/static-debian13:nonroot',
    );
    expect(() => mirrorRef('python:3.13', 'polystage.local', '127.0.0.1:5123')).toThrow('python:3.13 is not under the stand-in prefix polystage.local/.');
  });
});
