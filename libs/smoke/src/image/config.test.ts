import { describe, expect, it } from 'vitest';
import { judgeImageUser } from './config.ts';

describe('judgeImageUser', () => {
  it.each([
    ['65532', 65532],
    ['65532:65532', 65532],
    ['1000:0', 1000],
  ])('accepts numeric non-root user %s', (user, uid) => {
    expect(judgeImageUser(user)).toEqual({ ok: true, uid });
  });

  it.each([
    ['', /no USER is set/],
    ['0', /uid 0 \(root\)/],
    ['0:0', /uid 0 \(root\)/],
    ['root', /a name; use a numeric uid/],
    ['nonroot', /a name; use a numeric uid/],
    ['1000:staff', /group must be numeric/],
  ])('rejects %j', (user, reason) => {
    const verdict = judgeImageUser(user);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });
});
