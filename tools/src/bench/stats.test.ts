import { describe, expect, it } from 'vitest';
import { formatMb } from '@polystage/docker';
import { formatSeconds, ratio, summarize } from './stats.ts';

describe('summarize', () => {
  it('takes the middle sample of an odd count and the mean of the middle two of an even one', () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('refuses zero samples instead of reporting NaN', () => {
    expect(() => summarize([])).toThrow('no samples');
  });
});

describe('formatting', () => {
  it('shows seconds with the range and run count', () => {
    expect(formatSeconds(summarize([12_300, 11_900, 13_000]))).toBe('12.3 s (11.9–13.0, n=3)');
    expect(formatSeconds(summarize([850]))).toBe('0.85 s (n=1)');
  });

  it('shows decimal megabytes and baseline-over-ours ratios', () => {
    expect(formatMb(83_040_000)).toBe('83.0 MB');
    expect(ratio(700_000_000, 83_000_000)).toBe('8.4×');
    expect(ratio(1, 0)).toBe('n/a');
  });
});
