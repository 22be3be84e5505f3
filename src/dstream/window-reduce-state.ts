import { formatRecord, IllegalStateError, keyId } from '../core/index.ts';

/** The reduced value of every key of one partition of a window, by key id, in the order keys entered. */
export type WindowEntries<K, V> = Map<unknown, [K, V]>;

/** The functions of an incremental windowed reduce. */
export interface WindowReduceFunctions<K, V> {
  readonly reduce: (a: V, b: V) => V;
  readonly invReduce: (a: V, b: V) => V;
  readonly filter: ((record: [K, V]) => boolean) | undefined;
}

/**
 * Moves one partition of a window from its previous value to the next by Spark's rule for
 * `reduceByKeyAndWindow` with an inverse function, per key: with a previous value `p`, the result is
 * `reduce(invReduce(p, reduce(old…)), reduce(new…))`, each step skipped when there are no such values;
 * without one, it is `reduce(new…)`. Only the keys of the batches leaving (`old`) and entering (`fresh`)
 * are touched. Entries are replaced, never mutated, so a window already handed out keeps its values.
 *
 * @param old - one partition of each batch leaving the window, oldest first, already reduced per key
 * @param fresh - likewise for each batch entering the window
 * @throws IllegalStateError when a key leaves the window that has neither a previous value nor new
 *   values (Spark fails alike: the filter dropped a key still in the window, or keys hash inconsistently)
 */
export function stepWindow<K, V>(
  entries: WindowEntries<K, V>,
  old: readonly (readonly [K, V][])[],
  fresh: readonly (readonly [K, V][])[],
  fns: WindowReduceFunctions<K, V>,
  where: string,
): void {
  const orphans: [unknown, K][] = [];
  for (const [k, v] of reduceBatches(old, fns.reduce)) {
    const id = keyId(k);
    const previous = entries.get(id);
    if (previous === undefined) orphans.push([id, k]);
    else entries.set(id, [previous[0], fns.invReduce(previous[1], v)]);
  }
  for (const [k, v] of reduceBatches(fresh, fns.reduce)) {
    const id = keyId(k);
    const previous = entries.get(id);
    entries.set(id, previous === undefined ? [k, v] : [previous[0], fns.reduce(previous[1], v)]);
  }
  for (const [id, k] of orphans) {
    if (!entries.has(id)) {
      throw new IllegalStateError(
        `${where}: key ${formatRecord(k)} leaves the window but has neither a value in the previous window nor new values; ` +
          'the filter function must keep every key whose window still holds values, and keys must hash consistently',
      );
    }
  }
}

/**
 * The records of the window after the filter, in entry order; keys the filter rejects leave the entries,
 * since the next window starts from the filtered one (as Spark's does).
 */
export function snapshotWindow<K, V>(
  entries: WindowEntries<K, V>,
  filter: ((record: [K, V]) => boolean) | undefined,
): [K, V][] {
  if (filter === undefined) return [...entries.values()];
  const out: [K, V][] = [];
  for (const [id, entry] of entries) {
    if (filter(entry)) out.push(entry);
    else entries.delete(id);
  }
  return out;
}

/** The values of each key over several batches merged with `reduce` in batch order; one batch as it is. */
function reduceBatches<K, V>(batches: readonly (readonly [K, V][])[], reduce: (a: V, b: V) => V): readonly [K, V][] {
  if (batches.length === 0) return [];
  if (batches.length === 1) return batches[0];
  const merged = new Map<unknown, [K, V]>();
  for (const batch of batches) {
    for (const [k, v] of batch) {
      const id = keyId(k);
      const current = merged.get(id);
      merged.set(id, current === undefined ? [k, v] : [current[0], reduce(current[1], v)]);
    }
  }
  return [...merged.values()];
}
