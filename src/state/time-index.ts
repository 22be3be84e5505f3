/** What the time index needs of an entry: its update time, whether it is still stored, a pass mark. */
export interface TimeIndexed {
  readonly updatedAtMs: number;
  readonly live: boolean;
  seen: number;
}

interface Bucket<E> {
  readonly timeMs: number;
  entries: E[];
  /** Entries that arrived here and have not left since (an upper bound: a re-added entry counts twice). */
  live: number;
}

/** A bucket is compacted when at least this many of its slots are stale, and they are most of it. */
const COMPACT_MIN_STALE = 64;

/**
 * Entries bucketed by the batch time of their last update, so the entries idle since before a threshold
 * are found by visiting only the buckets older than it (Spark's `getByTime` scans every state instead).
 *
 * A bucket is an array, and leaving it only decrements its count: an entry is listed by the bucket of
 * its current `updatedAtMs` while it is `live`, and stale slots are skipped, then dropped when the bucket
 * empties or is mostly stale. So indexing an update costs an array push, not two hash-set operations, and
 * the buckets of the busiest times are freed whole.
 */
export class TimeIndex<E extends TimeIndexed> {
  readonly #buckets = new Map<number, Bucket<E>>();
  /** Bucket times in ascending order; may still hold times whose bucket is gone (skipped, then pruned). */
  #times: number[] = [];
  #last: Bucket<E> | undefined;
  #pass = 0;

  get bucketCount(): number {
    return this.#buckets.size;
  }

  /** `entry` now has update time `timeMs` (and is live). */
  add(entry: E, timeMs: number): void {
    let bucket = this.#last;
    if (bucket === undefined || bucket.timeMs !== timeMs) bucket = this.#bucket(timeMs);
    bucket.entries.push(entry);
    bucket.live++;
  }

  /** An entry with update time `timeMs` moved to another time or was removed. */
  leave(timeMs: number): void {
    let bucket = this.#last;
    if (bucket === undefined || bucket.timeMs !== timeMs) bucket = this.#buckets.get(timeMs);
    if (bucket === undefined) return;
    bucket.live--;
    if (bucket.live <= 0) this.#drop(bucket);
    else if (bucket.entries.length - bucket.live >= COMPACT_MIN_STALE && bucket.live * 2 < bucket.entries.length) {
      this.#compact(bucket);
    }
  }

  /** The live entries last updated strictly before `thresholdMs`, oldest bucket first, each once. */
  before(thresholdMs: number): E[] {
    const out: E[] = [];
    const times = this.#times;
    for (let i = 0; i < times.length && times[i] < thresholdMs; i++) {
      const bucket = this.#buckets.get(times[i]);
      if (bucket === undefined) continue;
      const start = out.length;
      this.#collect(bucket, out);
      const live = out.length - start;
      if (live === 0) this.#drop(bucket);
      else if (live < bucket.entries.length) {
        bucket.entries = out.slice(start);
        bucket.live = live;
      }
    }
    this.#pruneFront();
    return out;
  }

  clear(): void {
    this.#buckets.clear();
    this.#times = [];
    this.#last = undefined;
  }

  /** Appends the bucket's live entries to `out`, each once. */
  #collect(bucket: Bucket<E>, out: E[]): void {
    const pass = ++this.#pass;
    const timeMs = bucket.timeMs;
    for (const e of bucket.entries) {
      if (e.live && e.updatedAtMs === timeMs && e.seen !== pass) {
        e.seen = pass;
        out.push(e);
      }
    }
  }

  #compact(bucket: Bucket<E>): void {
    const kept: E[] = [];
    this.#collect(bucket, kept);
    bucket.entries = kept;
    bucket.live = kept.length;
    if (kept.length === 0) this.#drop(bucket);
  }

  #drop(bucket: Bucket<E>): void {
    this.#buckets.delete(bucket.timeMs);
    if (this.#last === bucket) this.#last = undefined;
  }

  #bucket(timeMs: number): Bucket<E> {
    let bucket = this.#buckets.get(timeMs);
    if (bucket === undefined) {
      bucket = { timeMs, entries: [], live: 0 };
      this.#buckets.set(timeMs, bucket);
      this.#insertTime(timeMs);
    }
    this.#last = bucket;
    return bucket;
  }

  #insertTime(timeMs: number): void {
    const times = this.#times;
    const last = times.length === 0 ? Number.NEGATIVE_INFINITY : times[times.length - 1];
    if (timeMs > last) times.push(timeMs);
    else if (timeMs < last) {
      let lo = 0;
      let hi = times.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (times[mid] < timeMs) lo = mid + 1;
        else hi = mid;
      }
      if (times[lo] !== timeMs) times.splice(lo, 0, timeMs);
    }
    if (times.length > 2 * this.#buckets.size + 16) this.#times = times.filter((t) => this.#buckets.has(t));
  }

  #pruneFront(): void {
    const times = this.#times;
    let n = 0;
    while (n < times.length && !this.#buckets.has(times[n])) n++;
    if (n > 0) times.splice(0, n);
  }
}
