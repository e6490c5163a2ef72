// Image sizes as `docker images` prints them: uncompressed, in decimal megabytes. One definition
// for the build's budget check, the smoke check, the bench and the CI table, so they never disagree.
export const MB = 1_000_000;

export interface SizeVerdict {
  sizeBytes: number;
  budgetMb: number;
  within: boolean;
}

export function judgeSize(sizeBytes: number, budgetMb: number): SizeVerdict {
  return { sizeBytes, budgetMb, within: sizeBytes <= budgetMb * MB };
}

export function formatMb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}
