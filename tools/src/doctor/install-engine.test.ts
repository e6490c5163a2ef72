import { describe, expect, it } from 'vitest';
import { installPlan } from './install-engine.ts';

describe('installPlan', () => {
  it('installs only as root on Debian, and only with CI=true or --install', () => {
    expect(installPlan({ root: true, debian: true, ci: true, flag: false })).toEqual({ allowed: true, why: 'CI=true' });
    expect(installPlan({ root: true, debian: true, ci: false, flag: true })).toEqual({ allowed: true, why: '--install was given' });
    expect(installPlan({ root: true, debian: true, ci: false, flag: false }).allowed).toBe(false);
    expect(installPlan({ root: false, debian: true, ci: true, flag: true }).why).toBe('installing an engine needs root; run as root or start Docker yourself');
    expect(installPlan({ root: true, debian: false, ci: true, flag: true }).why).toContain('Debian only');
  });
});
