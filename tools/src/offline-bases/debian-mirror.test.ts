import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './test-tmp.ts';
import { deb822Uris, oneLineUris, pickDebianMirror, resolveDebianMirror, resolveDebianSecurityMirror } from './debian-mirror.ts';

const tempDir = tempDirs('polystage-apt-');

// Placeholder hosts (RFC 2606): the repo never names a real mirror.
const DEB822 = `Types: deb
# a comment
URIs: http://mirror.example.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example.org/debian-security
Suites: bookworm-security
Components: main
`;

describe('debian mirror parsing', () => {
  it('reads URIs of deb822 stanzas, skipping the security archive', () => {
    expect(deb822Uris(DEB822)).toEqual(['http://mirror.example.org/debian']);
  });

  it('skips disabled and source-only stanzas', () => {
    const text = 'Types: deb-src\nURIs: http://src.example.org/debian\nSuites: trixie\n\nEnabled: no\nTypes: deb\nURIs: http://off.example.org/debian\nSuites: trixie\n';
    expect(deb822Uris(text)).toEqual([]);
  });

  it('reads one-line deb entries with options, skipping comments, deb-src and security suites', () => {
    const text = [
      '# deb http://commented.example.org/debian trixie main',
      'deb-src http://src.example.org/debian trixie main',
      'deb [arch=amd64 signed-by=/k.gpg] http://mirror.example.org/debian/ trixie main',
      'deb http://mirror.example.org/debian-security trixie-security main',
    ].join('\n');
    expect(oneLineUris(text)).toEqual(['http://mirror.example.org/debian/']);
  });

  it('picks the first archive URI across files, without a trailing slash', () => {
    expect(
      pickDebianMirror([
        { path: '/etc/apt/sources.list.d/debian.sources', text: DEB822 },
        { path: '/etc/apt/sources.list', text: 'deb http://other.example.org/debian trixie main\n' },
      ]),
    ).toBe('http://mirror.example.org/debian');
    expect(pickDebianMirror([{ path: '/etc/apt/sources.list', text: 'deb http://other.example.org/debian/ trixie main\n' }])).toBe(
      'http://other.example.org/debian',
    );
  });
});

describe('resolveDebianMirror', () => {
  it('prefers DEBIAN_MIRROR', async () => {
    expect(await resolveDebianMirror({ DEBIAN_MIRROR: 'http://env.example.org/debian' }, '/nonexistent')).toBe('http://env.example.org/debian');
  });

  it('reads the host apt configuration', async () => {
    const apt = await tempDir();
    await mkdir(join(apt, 'sources.list.d'));
    await writeFile(join(apt, 'sources.list.d', 'debian.sources'), DEB822);
    expect(await resolveDebianMirror({}, apt)).toBe('http://mirror.example.org/debian');
  });

  it('fails naming DEBIAN_MIRROR when apt names no mirror', async () => {
    const apt = await tempDir();
    await expect(resolveDebianMirror({}, apt)).rejects.toThrow(/Set DEBIAN_MIRROR to a Debian archive URI/);
  });
});

describe('debian security mirror', () => {
  it('takes DEBIAN_SECURITY_MIRROR, then the host security source, then <archive>-security', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sources.list.d'));
    expect(await resolveDebianSecurityMirror('http://mirror.example.org/debian', { DEBIAN_SECURITY_MIRROR: 'http://sec.example.org/x' }, dir)).toBe('http://sec.example.org/x');
    expect(await resolveDebianSecurityMirror('http://mirror.example.org/debian', {}, dir)).toBe('http://mirror.example.org/debian-security');
    await writeFile(join(dir, 'sources.list.d', 'debian.sources'), DEB822);
    expect(await resolveDebianSecurityMirror('http://other.example.org/debian', {}, dir)).toBe('http://mirror.example.org/debian-security');
    expect(pickDebianMirror([{ path: 'x.list', text: 'deb http://proxy.example.org/deb bookworm-security main\n' }], 'security')).toBe('http://proxy.example.org/deb');
  });

  it('asks for DEBIAN_SECURITY_MIRROR when nothing names or implies one', async () => {
    const dir = await tempDir();
    await expect(resolveDebianSecurityMirror('http://proxy.example.org/apt', {}, dir)).rejects.toThrow(/Set DEBIAN_SECURITY_MIRROR to the debian-security URI your apt uses/);
  });
});
