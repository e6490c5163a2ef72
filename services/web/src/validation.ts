// Client-side checks for a new text-stats job, mirroring the API's limits so the common
// mistakes are caught before a round trip (the API still validates: see api.ts errors).

export const MAX_TEXT_CHARS = 100_000;

/** The problem with `text` as one sentence, or null when it can be submitted. */
export function validateJobText(text: string): string | null {
  if (text.trim() === '') return 'Enter some text to analyse.';
  if (text.length > MAX_TEXT_CHARS) {
    return `The text is ${text.length.toLocaleString('en')} characters; at most ${MAX_TEXT_CHARS.toLocaleString('en')} are accepted.`;
  }
  return null;
}
