/**
 * Serializes a lockfile exactly as npm writes one (npm's json-stringify-nice with arborist's key
 * order): in every object the preferred keys first, in this order; then the keys holding
 * primitives or arrays, then those holding objects, each group sorted with `localeCompare(_, 'en')`.
 * Two-space indent and a final newline. The same content therefore always gives the same bytes,
 * and a pruned lock reads like one npm wrote.
 */
const PREFERRED_KEYS = ['name', 'version', 'lockfileVersion', 'resolved', 'integrity', 'requires', 'packages', 'dependencies'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function compareKeys(a: string, b: string): number {
  const ia = PREFERRED_KEYS.indexOf(a);
  const ib = PREFERRED_KEYS.indexOf(b);
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  return a.localeCompare(b, 'en');
}

export function formatLockfile(lock: unknown): string {
  return `${JSON.stringify(
    lock,
    (_key, value: unknown) => {
      if (!isObject(value)) return value;
      const entries = Object.entries(value).sort(([ak, av], [bk, bv]) =>
        isObject(av) === isObject(bv) ? compareKeys(ak, bk) : isObject(av) ? 1 : -1,
      );
      return Object.fromEntries(entries);
    },
    2,
  )}\n`;
}
