import { describe, expect, it } from 'vitest';
import { DEFAULT_EMULATION_FACTOR, emulationFactor, timeBound } from './emulation-factor.ts';

describe('emulationFactor', () => {
  it('is 1 for the host platform, whatever SMOKE_EMULATION_FACTOR says', () => {
    expect(emulationFactor(false, {})).toBe(1);
    expect(emulationFactor(false, { SMOKE_EMULATION_FACTOR: '25' })).toBe(1);
  });

  it('is 10 under emulation by default, SMOKE_EMULATION_FACTOR when set', () => {
    expect(DEFAULT_EMULATION_FACTOR).toBe(10);
    expect(emulationFactor(true, {})).toBe(10);
    expect(emulationFactor(true, { SMOKE_EMULATION_FACTOR: ' ' })).toBe(10);
    expect(emulationFactor(true, { SMOKE_EMULATION_FACTOR: '4' })).toBe(4);
    expect(emulationFactor(true, { SMOKE_EMULATION_FACTOR: '2.5' })).toBe(2.5);
  });

  it('refuses a factor below 1 or not a number, in one line', () => {
    for (const text of ['0.5', 'ten', '-3']) {
      expect(() => emulationFactor(true, { SMOKE_EMULATION_FACTOR: text })).toThrow(
        new RegExp(`^SMOKE_EMULATION_FACTOR=${text} is not a number of at least 1: .*, or unset it\\.$`),
      );
    }
  });
});

describe('timeBound', () => {
  it('shows a native bound as it is and an emulated one with its factor', () => {
    expect(timeBound(10, 's', 1)).toBe('10 s');
    expect(timeBound(10, 's', 10)).toBe('10 s × 10 under emulation');
    expect(timeBound(60_000, 'ms', 4)).toBe('60000 ms × 4 under emulation');
  });
});
