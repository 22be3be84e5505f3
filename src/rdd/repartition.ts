import { XORShiftRandom } from '../core/index.ts';

/**
 * Tags each record of partition `index` with the output partition it goes to: consecutive targets
 * starting after a pseudo-random one seeded by the partition index, as Spark's `coalesce(shuffle = true)`
 * does, so records spread evenly and land where Spark puts them. The tag is an int key that a
 * `HashPartitioner(numPartitions)` then places (an int's hash is itself).
 */
export function distributeForRepartition<T>(items: readonly T[], index: number, numPartitions: number): [number, T][] {
  // Spark >= 3.4 (SPARK-40660) draws the start from XORShiftRandom; 2.3-3.3 used java.util.Random over
  // byteswap32(index), which placed records differently.
  let position = new XORShiftRandom(index).nextInt(numPartitions);
  const out: [number, T][] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    position = (position + 1) | 0; // an Int counter in Spark: wraps
    out[i] = [position, items[i]];
  }
  return out;
}
