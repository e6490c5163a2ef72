import { describe, expect, it } from 'vitest';
import { envFlag } from './env-flags.ts';

describe('envFlag', () => {
  it.each([['1', true], ['true', true], ['YES', true], ['0', false], ['false', false], ['', false], [undefined, false]])('%s -> %s', (value, expected) => {
    expect(envFlag(value === undefined ? {} : { BUILD_NO_CACHE: value }, 'BUILD_NO_CACHE')).toBe(expected);
  });

  it('refuses anything else with the fix', () => {
    expect(() => envFlag({ BUILD_PULL: 'always' }, 'BUILD_PULL')).toThrow('BUILD_PULL=always is not a switch; set it to 1 (on) or 0 (off), or unset it.');
  });
});
