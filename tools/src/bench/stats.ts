/** Summaries of repeated timings: the median is what tables show, the range is how far to trust it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('summarize: no samples (a measurement ran zero times)');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** `12.3 s (11.9–13.0, n=3)`; a single run has no range. */
export function formatSeconds(summary: Summary): string {
  const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
  return summary.runs > 1 ? `${s(summary.median)} s (${s(summary.min)}–${s(summary.max)}, n=${summary.runs})` : `${s(summary.median)} s (n=1)`;
}

/** How many times smaller or faster the multi-stage result is: baseline / ours, e.g. `8.4×`. */
export function ratio(baseline: number, ours: number): string {
  if (ours <= 0) return 'n/a';
  return `${(baseline / ours).toFixed(1)}×`;
}
