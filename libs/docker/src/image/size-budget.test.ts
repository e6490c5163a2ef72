import { describe, expect, it } from 'vitest';
import { parseSizeBudget } from './size-budget.ts';

describe('parseSizeBudget', () => {
  it('takes numbers and numeric strings (a --sizeBudgetMb flag), and nothing when unset', () => {
    expect(parseSizeBudget(120, 'api:docker-prod', 'linux/amd64')).toBe(120);
    expect(parseSizeBudget('0.5', 'api:docker-prod', 'linux/arm64')).toBe(0.5);
    expect(parseSizeBudget(undefined, 'api:docker-prod', 'linux/amd64')).toBeUndefined();
    expect(parseSizeBudget('', 'api:docker-prod', 'linux/amd64')).toBeUndefined();
  });

  it.each([0, -3, 'big', Number.NaN, Number.POSITIVE_INFINITY, true, []])('refuses %s with a one-line sentence naming the target and the fix', (value) => {
    expect(() => parseSizeBudget(value, 'api:docker-prod', 'linux/amd64')).toThrow(
      /^sizeBudgetMb of api:docker-prod is .+, not a positive number of megabytes; set it to e\.g\. 120 in the project's docker-prod options\.$/,
    );
  });

  it('takes one budget per platform from a map keyed by platform', () => {
    const budgets = { 'linux/amd64': 120, 'linux/arm64': 125 };
    expect(parseSizeBudget(budgets, 'api:docker-prod', 'linux/amd64')).toBe(120);
    expect(parseSizeBudget(budgets, 'api:docker-prod', 'linux/arm64')).toBe(125);
  });

  it('refuses, in one line, a map without the built platform, with an unknown key, or with a bad value', () => {
    expect(() => parseSizeBudget({ 'linux/amd64': 120 }, 'api:docker-prod', 'linux/arm64')).toThrow(
      /^sizeBudgetMb of api:docker-prod has no budget for linux\/arm64, which this run builds; add "linux\/arm64": <MB> to it, or give one number for every platform\.$/,
    );
    expect(() => parseSizeBudget({ 'linux/amd64': 120, arm64: 125 }, 'api:docker-prod', 'linux/amd64')).toThrow(
      /^sizeBudgetMb of api:docker-prod names arm64, not a platform this repo builds; key it by linux\/amd64, linux\/arm64\.$/,
    );
    expect(() => parseSizeBudget({ 'linux/arm64': 0 }, 'api:docker-prod', 'linux/arm64')).toThrow(/^sizeBudgetMb\["linux\/arm64"\] of api:docker-prod is 0, not a positive number/);
  });
});
