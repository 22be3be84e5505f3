import { byteswap32, JavaRandom } from '../core/index.ts';

/**
 * Tags each record of partition `index` with the output partition it goes to: consecutive targets
 * starting after a pseudo-random one seeded by the partition index, as Spark's `coalesce(shuffle = true)`
 * does, so records spread evenly and land where Spark puts them.
 */
export function distributeForRepartition<T>(items: readonly T[], index: number, numPartitions: number): [number, T][] {
  let position = new JavaRandom(byteswap32(index)).nextInt(numPartitions);
  const out: [number, T][] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    position += 1;
    out[i] = [position, items[i]];
  }
  return out;
}
