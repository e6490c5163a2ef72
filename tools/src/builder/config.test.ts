import { describe, expect, it } from 'vitest';
import { buildkitdConfig } from './buildkitd.ts';
import { platformRepository, standInPlatform } from './mirror-stand-ins.ts';
import { registryConfig } from './registry.ts';

describe('buildkitdConfig', () => {
  // All three limits, so BuildKit's 20%-free default cannot prune a big, busy disk's cache to 10 GB.
  const GC = ['[worker.oci]', '  reservedSpace = "10GB"', '  maxUsedSpace = "60GB"', '  minFreeSpace = "5GB"'];

  it('serves each mirrored prefix from its loopback registry over plain HTTP', () => {
    expect(buildkitdConfig({ 'polystage.local': '127.0.0.1:5123' })).toBe(
      [...GC, '', '[registry."polystage.local"]', '  mirrors = ["127.0.0.1:5123"]', '', '[registry."127.0.0.1:5123"]', '  http = true', ''].join('\n'),
    );
    expect(buildkitdConfig({})).toBe([...GC, ''].join('\n'));
  });

  it('names the worker platforms only when a run builds more than the host’s', () => {
    expect(buildkitdConfig({}, ['linux/amd64'])).not.toContain('platforms');
    expect(buildkitdConfig({}, ['linux/amd64', 'linux/arm64'])).toBe([...GC, '  platforms = ["linux/amd64", "linux/arm64"]', ''].join('\n'));
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

describe('standInPlatform', () => {
  const standIn = (tag: string, standInFor?: string) => ({ tag, labels: standInFor ? { standInFor } : {} });
  it("reads the platform from the tag's prefix: none for the host's, <os>-<arch> for another", () => {
    const ref = 'gcr.io/distroless/static-debian13:nonroot';
    expect(standInPlatform(standIn(`polystage.local/${ref}`, ref), 'polystage.local', 'linux/amd64')).toEqual({ platform: 'linux/amd64', ref });
    expect(standInPlatform(standIn(`polystage.local/${ref}`, ref), 'polystage.local', 'linux/arm64')).toEqual({ platform: 'linux/arm64', ref });
    expect(standInPlatform(standIn(`polystage.local/linux-arm64/${ref}`, ref), 'polystage.local', 'linux/amd64')).toEqual({ platform: 'linux/arm64', ref });
  });
  it('skips tags of no platform (a test suite’s own prefix) and images without the stand-in label', () => {
    expect(standInPlatform(standIn('polystage.local/linux-arm64-test-7/debian:trixie-slim', 'debian:trixie-slim'), 'polystage.local')).toBeUndefined();
    expect(standInPlatform(standIn('polystage.local/debian:trixie-slim'), 'polystage.local')).toBeUndefined();
  });
  it('pushes each platform under its own repository, keeping the official path', () => {
    expect(platformRepository('127.0.0.1:5123', 'linux/arm64', 'gcr.io/distroless/static-debian13:nonroot')).toBe(
      '127.0.0.1:5123/platforms/linux-arm64/gcr.io/distroless/static-debian13:nonroot',
    );
  });
});
