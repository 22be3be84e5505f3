import { inAppendOnlyMapOrder, keyId } from '../core/index.ts';
import type { Aggregator } from './aggregator.ts';

/**
 * Combines the values of each key within one partition (for data already partitioned by key), keys in the
 * order Spark's hash table gives them.
 */
export function combineLocally<K, V, C>(items: readonly [K, V][], agg: Aggregator<V, C>): [K, C][] {
  const combined = new Map<unknown, [K, C]>();
  for (const [k, v] of items) {
    const id = keyId(k);
    const entry = combined.get(id);
    if (entry === undefined) combined.set(id, [k, agg.createCombiner(v)]);
    else entry[1] = agg.mergeValue(entry[1], v);
  }
  return inAppendOnlyMapOrder([...combined.values()]);
}
