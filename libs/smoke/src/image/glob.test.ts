import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob.ts';

describe('matchesGlob', () => {
  it.each([
    ['/app/.venv/bin/pip', '**/bin/pip'],
    ['/bin/pip', '**/bin/pip'],
    ['/usr/lib/jvm/java-21/bin/javac', '**/bin/javac'],
    ['/app/src/a/b.test.ts', '/app/**/*.test.ts'],
    ['/app/b.test.ts', '/app/**/*.test.ts'],
    ['/app/x.spec.js', '/app/*.{test,spec}.js'],
    ['/usr/bin/pip3.13', '/usr/bin/pip3.*'],
    ['/app/main_test.go', 'app/*_test.go'],
  ])('%s matches %s', (path, glob) => expect(matchesGlob(path, glob)).toBe(true));

  it.each([
    ['/usr/bin/pipx', '**/bin/pip'],
    ['/app/src/a.ts', '/app/**/*.test.ts'],
    ['/app/sub/x.spec.js', '/app/*.{test,spec}.js'],
    ['/other/app/main_test.go', 'app/*_test.go'],
  ])('%s does not match %s', (path, glob) => expect(matchesGlob(path, glob)).toBe(false));
});
