/**
 * Prod size budgets, checked where the image is built. The budget is the `sizeBudgetMb` option of a
 * project's docker-prod target (project.json, or `--sizeBudgetMb=N` on the command line); sizes are
 * uncompressed decimal megabytes, as `docker images` prints them. Reading the option (one number,
 * or one per platform) is @polystage/docker's parseSizeBudget, which the smoke kit can share.
 */
import { formatMb, MB, type LayerSize, type SizeVerdict } from '@polystage/docker';

/** The biggest layers first, empty (metadata-only) layers left out. */
export function largestLayers(layers: readonly LayerSize[], count = 3): LayerSize[] {
  return [...layers].filter((layer) => layer.bytes > 0).sort((a, b) => b.bytes - a.bytes).slice(0, count);
}

/** `/bin/sh -c #(nop) COPY dir:abc in /opt/jre` -> `COPY dir:abc in /opt/jre`, cut to one short line. */
export function describeInstruction(createdBy: string, max = 110): string {
  const text = createdBy.replace(/^\/bin\/sh -c (#\(nop\)\s*)?/, '').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface OverBudget {
  /** e.g. `reports:prod`, the tag that was NOT moved. */
  image: string;
  /** e.g. `reports:docker-prod`, where the budget is set. */
  target: string;
  imageId: string;
  verdict: SizeVerdict;
  layers: readonly LayerSize[];
}

/** First line: size, budget and what was kept; then the largest layers, to show where to cut. */
export function overBudgetMessage({ image, target, imageId, verdict, layers }: OverBudget): string {
  const over = verdict.sizeBytes - verdict.budgetMb * MB;
  const lines = [
    `${image} would be ${formatMb(verdict.sizeBytes)}, over the ${verdict.budgetMb} MB budget of ${target} by ${formatMb(over)}; ` +
      `the image (${imageId.replace(/^sha256:/, '').slice(0, 12)}) was not tagged and the previous ${image} is kept. ` +
      `Shrink the image, or raise sizeBudgetMb of ${target} (or pass --sizeBudgetMb=N).`,
    'Largest layers:',
    ...largestLayers(layers).map((layer) => `  ${formatMb(layer.bytes).padStart(9)}  ${describeInstruction(layer.createdBy)}`),
  ];
  return lines.join('\n');
}
