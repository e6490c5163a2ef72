/**
 * A prod size budget as a target declares it (`sizeBudgetMb`): one number for every platform, or
 * one per platform (`{ "linux/amd64": 120, "linux/arm64": 125 }`: base images differ in size by
 * architecture). The build checks it, publishing re-checks the record, the smoke kit reads the same.
 */
import { SUPPORTED_PLATFORMS, type Platform } from '../image-build/platforms.ts';

export type SizeBudget = number | Partial<Record<Platform, number>>;

/** The budget of `platform`, undefined when none is set; a one-line error for a bad value or a map without the platform. */
export function parseSizeBudget(value: unknown, where: string, platform: Platform): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const budgets = value as Record<string, unknown>;
    const unknown = Object.keys(budgets).filter((key) => !(SUPPORTED_PLATFORMS as readonly string[]).includes(key));
    if (unknown.length > 0) {
      throw new Error(`sizeBudgetMb of ${where} names ${unknown.join(', ')}, not a platform this repo builds; key it by ${SUPPORTED_PLATFORMS.join(', ')}.`);
    }
    if (!(platform in budgets)) {
      throw new Error(`sizeBudgetMb of ${where} has no budget for ${platform}, which this run builds; add "${platform}": <MB> to it, or give one number for every platform.`);
    }
    return megabytes(budgets[platform], where, platform);
  }
  return megabytes(value, where);
}

function megabytes(value: unknown, where: string, platform?: Platform): number {
  const budget = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(budget) || budget <= 0) {
    const which = platform ? `sizeBudgetMb["${platform}"]` : 'sizeBudgetMb';
    throw new Error(`${which} of ${where} is ${JSON.stringify(value)}, not a positive number of megabytes; set it to e.g. 120 in the project's docker-prod options.`);
  }
  return budget;
}
