import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, validateJobText } from './validation.ts';

describe('validateJobText', () => {
  it('refuses empty and whitespace-only text', () => {
    expect(validateJobText('')).toBe('Enter some text to analyse.');
    expect(validateJobText(' \n\t ')).toBe('Enter some text to analyse.');
  });

  it('refuses text over the API limit, saying both lengths', () => {
    expect(validateJobText('x'.repeat(MAX_TEXT_CHARS + 1))).toBe(
      'The text is 100,001 characters; at most 100,000 are accepted.',
    );
  });

  it('accepts text up to the limit', () => {
    expect(validateJobText('one word')).toBeNull();
    expect(validateJobText('x'.repeat(MAX_TEXT_CHARS))).toBeNull();
  });
});
