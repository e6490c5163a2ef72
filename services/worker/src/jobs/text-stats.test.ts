import { describe, expect, it } from 'vitest';
import { runJob } from './index.ts';
import { parseTextStatsInput, textStats } from './text-stats.ts';

describe('textStats', () => {
  it.each([
    ['smoke test words', { characters: 16, words: 3, lines: 1 }],
    ['', { characters: 0, words: 0, lines: 0 }],
    ['one\ntwo\n', { characters: 8, words: 2, lines: 2 }],
    ['one\r\ntwo\rthree', { characters: 14, words: 3, lines: 3 }],
    ['\n\n', { characters: 2, words: 0, lines: 2 }],
    ["Hello, world! Don't panic: 42 times.", { characters: 36, words: 6, lines: 1 }],
    ['  -- ... !!! ', { characters: 13, words: 0, lines: 1 }],
  ])('%j -> %j', (text, expected) => {
    expect(textStats(text)).toEqual(expected);
  });

  it('counts code points, as the API limits length, not UTF-16 units', () => {
    expect(textStats('naïve 👋🏽 café')).toEqual({ characters: 13, words: 2, lines: 1 });
  });

  it('finds words in scripts without spaces', () => {
    expect(textStats('東京は日本の首都です').words).toBeGreaterThan(1);
  });

  it('handles the largest text the API accepts quickly', () => {
    const text = 'lorem ipsum dolor\n'.repeat(5556).slice(0, 100_000);
    // CPU time of this thread, not the wall clock: waiting for a core while other builds use
    // them does not count, the work itself does. A linear pass takes well under 100 ms of CPU
    // even cold (the word segmenter's first use included); the 1 s bound is there to catch an
    // accidentally super-linear one, which needs far more on 100 000 characters.
    const started = process.threadCpuUsage();
    expect(textStats(text)).toMatchObject({ characters: 100_000, lines: 5556 });
    const { user, system } = process.threadCpuUsage(started);
    expect((user + system) / 1000).toBeLessThan(1000);
  });
});

describe('parseTextStatsInput', () => {
  it('takes input.text', () => {
    expect(parseTextStatsInput({ text: 'x' })).toBe('x');
  });

  it.each([undefined, null, 'text', {}, { text: '' }, { text: 3 }])('refuses %j', (input) => {
    expect(() => parseTextStatsInput(input)).toThrow('input.text must be a non-empty string');
  });
});

describe('runJob', () => {
  it('succeeds with the stats of a text-stats job', () => {
    expect(runJob('text-stats', { text: 'a b\nc' })).toEqual({ status: 'succeeded', result: { characters: 5, words: 3, lines: 2 } });
  });

  it('fails a job with bad input instead of throwing', () => {
    expect(runJob('text-stats', { text: '' })).toEqual({ status: 'failed', error: 'invalid input: input.text must be a non-empty string' });
  });

  it('fails a kind it does not run, naming the ones it does', () => {
    expect(runJob('resize-image', {})).toEqual({ status: 'failed', error: 'unsupported job kind "resize-image"; this worker runs text-stats' });
    expect(runJob('constructor', {})).toMatchObject({ status: 'failed' });
  });
});
