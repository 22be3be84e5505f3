/**
 * Bucket boundaries for `histogram(bucketCount)`: `bucketCount` even steps from `min` to `max`, the last
 * boundary exactly `max`; one bucket `[min, min]` when all numbers are equal (Spark's rule).
 */
export function evenBuckets(min: number, max: number, bucketCount: number): number[] {
  if (min === max) return [min, min];
  const span = max - min;
  const out: number[] = [];
  for (let s = 0; s < bucketCount; s++) out.push(min + (s * span) / bucketCount);
  out.push(max);
  return out;
}

/**
 * Which bucket a number falls in, or -1 for none. Buckets are closed on the left and open on the right,
 * except the last, which holds its upper boundary. With `even`, the bucket is computed from the position
 * between the first and last boundaries (Spark's fast path); otherwise by binary search.
 */
export function bucketFinder(buckets: readonly number[], even: boolean): (x: number) => number {
  const last = buckets.length - 1;
  if (even) {
    const min = buckets[0];
    const max = buckets[last];
    return (x) => {
      if (Number.isNaN(x) || x < min || x > max) return -1;
      return Math.min(jvmToInt(((x - min) / (max - min)) * last), last - 1);
    };
  }
  return (x) => {
    const location = binarySearch(buckets, x);
    if (location < 0) {
      const insertion = -location - 1;
      return insertion > 0 && insertion < buckets.length ? insertion - 1 : -1;
    }
    return location < last ? location : location - 1;
  };
}

/** A JVM `Double.toInt`: truncated, NaN as 0 (all numbers equal: 0 / 0), saturating at the int range. */
function jvmToInt(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(x)));
}

/** Java's `Arrays.binarySearch(double[], key)`: numeric order with NaN last and -0 before 0. */
function binarySearch(a: readonly number[], key: number): number {
  let low = 0;
  let high = a.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const c = compareDoubles(a[mid], key);
    if (c < 0) low = mid + 1;
    else if (c > 0) high = mid - 1;
    else return mid;
  }
  return -(low + 1);
}

function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
  return 0;
}
