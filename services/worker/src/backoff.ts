// Exponential backoff with equal jitter: the n-th wait is between half and all of
// min(max, initial * 2^n), so workers that lost the API together do not return together,
// and no wait is ever close to zero.
import { setTimeout as delay } from 'node:timers/promises';

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(initialMs: number, maxMs: number, random: () => number = Math.random) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.#random = random;
  }

  /** The next wait in milliseconds; each call doubles the ceiling up to maxMs. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(ceiling / 2 + this.#random() * (ceiling / 2));
  }

  /** After a success: the next failure starts from initialMs again. */
  reset(): void {
    this.#attempt = 0;
  }
}

/** Waits ms, or less when the signal aborts first (never throws for the abort). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
