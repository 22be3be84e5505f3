/**
 * Keys bucketed by the batch time of their last update, so the keys idle since before a threshold are
 * found by visiting only the buckets older than it (Spark's `getByTime` scans every state instead).
 * Moving a key to a newer bucket costs two set operations.
 */
export class TimeIndex {
  readonly #buckets = new Map<number, Set<unknown>>();
  /** Bucket times in ascending order; may still hold times whose bucket has emptied (skipped, then pruned). */
  #times: number[] = [];

  get bucketCount(): number {
    return this.#buckets.size;
  }

  add(id: unknown, timeMs: number): void {
    this.#bucket(timeMs).add(id);
  }

  remove(id: unknown, timeMs: number): void {
    const bucket = this.#buckets.get(timeMs);
    if (bucket === undefined) return;
    bucket.delete(id);
    if (bucket.size === 0) this.#buckets.delete(timeMs);
  }

  move(id: unknown, fromMs: number, toMs: number): void {
    if (fromMs === toMs) return;
    this.remove(id, fromMs);
    this.add(id, toMs);
  }

  /** The ids last updated strictly before `thresholdMs`, oldest bucket first. */
  before(thresholdMs: number): unknown[] {
    const out: unknown[] = [];
    const times = this.#times;
    for (let i = 0; i < times.length && times[i] < thresholdMs; i++) {
      const bucket = this.#buckets.get(times[i]);
      if (bucket === undefined) continue;
      for (const id of bucket) out.push(id);
    }
    this.#pruneFront();
    return out;
  }

  clear(): void {
    this.#buckets.clear();
    this.#times = [];
  }

  #bucket(timeMs: number): Set<unknown> {
    let bucket = this.#buckets.get(timeMs);
    if (bucket !== undefined) return bucket;
    bucket = new Set();
    this.#buckets.set(timeMs, bucket);
    const times = this.#times;
    const last = times.length === 0 ? Number.NEGATIVE_INFINITY : times[times.length - 1];
    if (timeMs > last) times.push(timeMs);
    else if (timeMs < last) this.#insertSorted(timeMs);
    if (times.length > 2 * this.#buckets.size + 16) this.#times = times.filter((t) => this.#buckets.has(t));
    return bucket;
  }

  #insertSorted(timeMs: number): void {
    const times = this.#times;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < timeMs) lo = mid + 1;
      else hi = mid;
    }
    if (times[lo] !== timeMs) times.splice(lo, 0, timeMs);
  }

  #pruneFront(): void {
    const times = this.#times;
    let n = 0;
    while (n < times.length && !this.#buckets.has(times[n])) n++;
    if (n > 0) times.splice(0, n);
  }
}
