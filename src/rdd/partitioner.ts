import { hashKey, InvalidArgumentError, nonNegativeMod } from '../core/index.ts';

/** Decides which partition a key belongs to, Spark's `Partitioner`. */
export interface Partitioner {
  readonly numPartitions: number;
  getPartition(key: unknown): number;
  /** Two equal partitioners place every key alike, so data partitioned by one needs no shuffle for the other. */
  equals(other: Partitioner | undefined): boolean;
}

/**
 * Places a key by its structural hash, non-negative modulo the partition count; `null` and `undefined`
 * go to partition 0, as in Spark.
 *
 * @example
 * const p = new HashPartitioner(4);
 * p.getPartition('a'); // 1, as in Spark ("a".hashCode() = 97)
 * @throws InvalidArgumentError when `numPartitions` is negative or not a whole number
 */
export class HashPartitioner implements Partitioner {
  readonly numPartitions: number;
  constructor(numPartitions: number) {
    if (!Number.isInteger(numPartitions) || numPartitions < 0) {
      throw new InvalidArgumentError(
        `HashPartitioner: numPartitions must be a whole number >= 0, got ${numPartitions}`,
      );
    }
    this.numPartitions = numPartitions;
  }
  getPartition(key: unknown): number {
    return key == null ? 0 : nonNegativeMod(hashKey(key), this.numPartitions);
  }
  equals(other: Partitioner | undefined): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }
  toString(): string {
    return `HashPartitioner(${this.numPartitions})`;
  }
}
