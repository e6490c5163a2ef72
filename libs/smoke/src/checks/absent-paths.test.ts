import { describe, expect, it } from 'vitest';
import { absentPathsFor, DEFAULT_ABSENT_PATHS } from '../absent-path-defaults.ts';
import { ImageFilesystem } from '../image/filesystem.ts';
import { findPresentPaths } from './absent-paths.ts';

const filesystem = new ImageFilesystem([
  { path: '/usr/bin/dash', type: 'file', mode: 0o755, size: 1 },
  { path: '/usr/bin/sh', type: 'symlink', linkTarget: 'dash', mode: 0o777, size: 0 },
  { path: '/bin', type: 'symlink', linkTarget: 'usr/bin', mode: 0o777, size: 0 },
  { path: '/app/.venv/bin/pip', type: 'file', mode: 0o755, size: 1 },
  { path: '/app/tests/test_api.py', type: 'file', mode: 0o644, size: 1 },
]);

describe('findPresentPaths', () => {
  it('reports literal paths through links and globs with what they matched', () => {
    const present = findPresentPaths(filesystem, [...DEFAULT_ABSENT_PATHS, '/app/tests']);
    expect(present).toContainEqual({ promisedAbsent: '/bin/sh', found: '/bin/sh', resolvesTo: '/usr/bin/dash' });
    expect(present).toContainEqual({ promisedAbsent: '/usr/bin/dash', found: '/usr/bin/dash' });
    expect(present).toContainEqual({ promisedAbsent: '**/bin/pip', found: '/app/.venv/bin/pip' });
    expect(present).toContainEqual({ promisedAbsent: '/app/tests', found: '/app/tests' });
  });

  it('finds nothing in an image without them', () => {
    const clean = new ImageFilesystem([{ path: '/app/server', type: 'file', mode: 0o755, size: 1 }]);
    expect(findPresentPaths(clean, absentPathsFor({ extra: ['/app/**/*_test.go'] }))).toEqual([]);
  });
});

describe('absentPathsFor', () => {
  it('adds extras and drops allowed defaults', () => {
    const paths = absentPathsFor({ extra: ['/app/src'], allow: ['/usr/bin/dpkg'] });
    expect(paths).toContain('/app/src');
    expect(paths).toContain('/bin/sh');
    expect(paths).not.toContain('/usr/bin/dpkg');
  });
});
