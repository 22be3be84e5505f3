import { type Comparator, keysEqual } from '../core/index.ts';
import type { Partitioner } from './partitioner.ts';

/**
 * Places keys by sorted ranges, so every key of partition i orders before those of partition i + 1
 * (reversed when descending). Bounds follow Spark's `RangePartitioner.determineBounds` with every key
 * weighing one: Spark samples, and small datasets are sampled whole, so the bounds agree with Spark's
 * there; on large ones ours stay deterministic, so a recomputed batch lands where it did before.
 */
export class RangePartitioner<K> implements Partitioner {
  readonly numPartitions: number;
  readonly #bounds: K[];
  readonly #compare: Comparator<K>;
  readonly #ascending: boolean;

  /** `sortedKeys`: every key of the dataset, sorted ascending by `compare`. */
  constructor(partitions: number, sortedKeys: readonly K[], compare: Comparator<K>, ascending = true) {
    this.#compare = compare;
    this.#ascending = ascending;
    const bounds: K[] = [];
    const n = sortedKeys.length;
    // As Spark, never aim at more parts than there are keys: two keys into five partitions make two.
    const parts = Math.min(partitions, n);
    if (parts > 1) {
      const step = n / parts;
      let target = step;
      let cumulative = 0;
      for (let i = 0; i < n && bounds.length < parts - 1; i++) {
        cumulative += 1;
        if (cumulative >= target) {
          const key = sortedKeys[i];
          if (bounds.length === 0 || compare(key, bounds[bounds.length - 1]) > 0) {
            bounds.push(key);
            target += step;
          }
        }
      }
    }
    this.#bounds = bounds;
    this.numPartitions = bounds.length + 1;
  }

  getPartition(key: unknown): number {
    const bounds = this.#bounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(key as K, bounds[mid]) > 0) lo = mid + 1;
      else hi = mid;
    }
    return this.#ascending ? lo : bounds.length - lo;
  }

  /** Same bounds, same direction and the same comparator, so every key lands alike (Spark: bounds and direction). */
  equals(other: Partitioner | undefined): boolean {
    if (other === this) return true;
    if (!(other instanceof RangePartitioner)) return false;
    const a = this.#bounds;
    const b = other.#bounds;
    return (
      this.#ascending === other.#ascending &&
      this.#compare === other.#compare &&
      a.length === b.length &&
      a.every((k, i) => keysEqual(k, b[i]))
    );
  }
}
