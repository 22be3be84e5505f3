import { keyId } from './hash.ts';

/**
 * The default ordering of keys for sortBy / sortByKey, Spark's implicit `Ordering`: numbers and bigints
 * numerically with NaN after every number (Java's `Double.compare` total order), strings by UTF-16 code
 * units (Java's `compareTo`), false < true, arrays lexicographically, plain objects by their canonical
 * structural form (so two equal keys compare equal whatever their property order). Values of different
 * kinds order by kind (undefined/null < boolean < number/bigint < string < array < object).
 */
export type Comparator<K> = (a: K, b: K) => number;

const rank: Record<string, number> = {
  undefined: 0,
  boolean: 2,
  number: 3,
  bigint: 3,
  string: 4,
};

function kindRank(v: unknown): number {
  if (v === null) return 1;
  if (Array.isArray(v)) return 5;
  return rank[typeof v] ?? 6;
}

export function compareKeys(a: unknown, b: unknown): number {
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
    case 3: {
      const aNaN = typeof a === 'number' && Number.isNaN(a);
      const bNaN = typeof b === 'number' && Number.isNaN(b);
      if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
      return a === b ? 0 : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    }
    case 4:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareKeys(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 6:
      return compareKeys(keyId(a), keyId(b));
    default:
      return 0;
  }
}
