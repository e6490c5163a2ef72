import { describe, expect, it } from 'vitest';
import { ImageFilesystem } from './filesystem.ts';
import type { TarEntry } from './tar-entries.ts';

const dir = (path: string): TarEntry => ({ path, type: 'directory', mode: 0o755, size: 0 });
const file = (path: string): TarEntry => ({ path, type: 'file', mode: 0o755, size: 1 });
const link = (path: string, linkTarget: string): TarEntry => ({ path, type: 'symlink', linkTarget, mode: 0o777, size: 0 });

// A merged-/usr Debian layout: /bin -> usr/bin, sh -> dash.
const filesystem = new ImageFilesystem([
  dir('/usr'),
  dir('/usr/bin'),
  file('/usr/bin/dash'),
  link('/usr/bin/sh', 'dash'),
  link('/bin', 'usr/bin'),
  link('/usr/bin/bash', '/nonexistent/bash'),
  link('/loop-a', 'loop-b'),
  link('/loop-b', 'loop-a'),
  link('/usr/bin/up', '../../usr/bin/dash'),
  dir('/app'),
  dir('/app/src'),
  file('/app/src/main.test.ts'),
  file('/app/main.js'),
]);

describe('ImageFilesystem', () => {
  it('follows symlinks in every path component', () => {
    expect(filesystem.resolve('/bin/sh')).toBe('/usr/bin/dash');
    expect(filesystem.resolve('/usr/bin/up')).toBe('/usr/bin/dash');
    expect(filesystem.exists('/bin/dash')).toBe(true);
  });

  it('treats dangling and looping links as absent', () => {
    expect(filesystem.exists('/usr/bin/bash')).toBe(false);
    expect(filesystem.exists('/bin/bash')).toBe(false);
    expect(filesystem.exists('/loop-a')).toBe(false);
    expect(filesystem.exists('/bin/busybox')).toBe(false);
  });

  it('finds entries by glob', () => {
    expect(filesystem.findPresent('/app/**/*.test.*')).toEqual(['/app/src/main.test.ts']);
    expect(filesystem.findPresent('**/bin/ba*')).toEqual([]); // only a dangling link matches
  });
});
