import { describe, expect, it } from 'vitest';
import { compareGoVersions, goModGoLine, parseGoVersion } from './go-version.ts';

describe('Go versions', () => {
  it('reads what `go env GOVERSION` and go.mod write', () => {
    expect(parseGoVersion('go1.26.8')).toEqual([1, 26, 8, 2]);
    expect(parseGoVersion('1.26')).toEqual([1, 26, 0, 2]);
    expect(parseGoVersion('go1.27rc1')).toEqual([1, 27, 0, 1]);
    expect(parseGoVersion('devel go1.27-abcdef Tue Jan 1')).toEqual([1, 27, 0, 2]);
    expect(parseGoVersion('no version')).toBeUndefined();
  });

  it('orders them as Go does', () => {
    expect(compareGoVersions('go1.26.8', '1.26.8')).toBe(0);
    expect(compareGoVersions('go1.26.7', '1.26.8')).toBeLessThan(0);
    expect(compareGoVersions('go1.26.10', '1.26.8')).toBeGreaterThan(0);
    expect(compareGoVersions('go1.27.0', '1.26.8')).toBeGreaterThan(0);
    expect(compareGoVersions('go1.9.2', '1.26.8')).toBeLessThan(0);
    expect(compareGoVersions('go1.26rc2', '1.26')).toBeLessThan(0);
    expect(compareGoVersions('go1.27rc1', '1.26.8')).toBeGreaterThan(0);
    expect(compareGoVersions('garbage', '1.26.8')).toBeLessThan(0);
  });

  it("finds go.mod's go line, not the toolchain line", () => {
    expect(goModGoLine('module x\n\ngo 1.26.8\n\ntoolchain go1.27.0\n')).toBe('1.26.8');
    expect(goModGoLine('module x\n')).toBeUndefined();
  });
});
