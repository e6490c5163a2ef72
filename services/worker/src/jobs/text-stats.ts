// The `text-stats` job kind, as the API defines it: "Text to count words, lines and characters of."
// Input `{ text }` (1-100 000 characters); result `{ characters, words, lines }`.

export interface TextStats {
  /** Unicode code points: the unit the API's 100 000-character limit counts in. */
  characters: number;
  /** Word-like segments by Unicode word boundaries (punctuation and spaces are not words; "don't" is one). */
  words: number;
  /** Lines as an editor shows them: "a\nb" and "a\nb\n" are 2, "" is 0. \n, \r\n and \r all end a line. */
  lines: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

export function textStats(text: string): TextStats {
  let characters = 0;
  for (const _ of text) characters++;
  let words = 0;
  for (const segment of segmenter.segment(text)) if (segment.isWordLike) words++;
  const breaks = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lines = text === '' ? 0 : /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
  return { characters, words, lines };
}

export class InvalidInput extends Error {
  override name = 'InvalidInput';
}

/** The job's input as the API stores it; anything else is a failed job, not a crash. */
export function parseTextStatsInput(input: unknown): string {
  const text = typeof input === 'object' && input !== null ? (input as { text?: unknown }).text : undefined;
  if (typeof text !== 'string' || text.length === 0) throw new InvalidInput('input.text must be a non-empty string');
  return text;
}
