import { describe, expect, it } from 'vitest';
import { resolveCaBundle } from './ca-bundle.ts';

const here = import.meta.filename;

describe('resolveCaBundle', () => {
  it('uses BUILD_CA_BUNDLE when it names a file', () => {
    expect(resolveCaBundle('/', { BUILD_CA_BUNDLE: here }, '/nonexistent')).toBe(here);
  });
  it('falls back to the host bundle when unset, and to nothing when there is none', () => {
    expect(resolveCaBundle('/', {}, here)).toBe(here);
    expect(resolveCaBundle('/', {}, '/nonexistent')).toBeUndefined();
  });
  it('can be turned off', () => {
    expect(resolveCaBundle('/', { BUILD_CA_BUNDLE: 'none' }, here)).toBeUndefined();
  });
  it('rejects a missing file with the fix', () => {
    expect(() => resolveCaBundle('/work', { BUILD_CA_BUNDLE: 'nope.pem' })).toThrow(
      'BUILD_CA_BUNDLE=nope.pem does not exist. Point it at a PEM bundle (e.g. /etc/ssl/certs/ca-certificates.crt), or set BUILD_CA_BUNDLE=none.',
    );
  });
});
