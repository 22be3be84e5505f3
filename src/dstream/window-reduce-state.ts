import { formatRecord, IllegalStateError, keyId } from '../core/index.ts';
import type { StateEntry, StateWriter } from '../state/index.ts';

/** The functions of an incremental windowed reduce. */
export interface WindowReduceFunctions<K, V> {
  readonly reduce: (a: V, b: V) => V;
  readonly invReduce: (a: V, b: V) => V;
  readonly filter: ((record: [K, V]) => boolean) | undefined;
}

/**
 * One partition of one reduced batch as a window keeps it until the batch leaves: keys and values in two
 * arrays, so the window holds two objects per batch partition instead of one pair per key, and reads
 * them back in order.
 */
export interface BatchColumns<K, V> {
  readonly keys: K[];
  readonly values: V[];
  /**
   * The store entry of each key, taken when the batch entered the window on its own, so that when it
   * leaves, the store can be written through the entry instead of looking each key up again.
   */
  handles?: (StateEntry<K, V> | undefined)[];
}

/**
 * Moves one partition of a window, held in a state store as one entry per key (the key's reduced value
 * over the window), from its previous version to the next by Spark's rule for `reduceByKeyAndWindow` with
 * an inverse function, per key: with a previous value `p`, the result is `reduce(invReduce(p, reduce(old…)),
 * reduce(new…))`, each step skipped when there are no such values; without one, it is `reduce(new…)`.
 * Only the keys of the batches leaving (`old`) and entering (`fresh`) are written. A filter is applied to
 * those keys only, dropping the ones it rejects from the window: the others kept their value, which the
 * filter accepted when they were last written.
 *
 * @param old - one partition of each batch leaving the window, oldest first, already reduced per key
 * @param fresh - likewise for each batch entering the window
 * @throws IllegalStateError when a key leaves the window that has neither a previous value nor new
 *   values (Spark fails alike: the filter dropped a key still in the window, or keys hash inconsistently)
 */
export function stepWindow<K, V>(
  w: StateWriter<K, V>,
  old: readonly BatchColumns<K, V>[],
  fresh: readonly BatchColumns<K, V>[],
  fns: WindowReduceFunctions<K, V>,
  where: string,
): void {
  const { reduce, invReduce, filter } = fns;
  let orphans: K[] | undefined;
  const leaving = reduceBatches(old, reduce);
  const leavingKeys = leaving.keys;
  const leavingValues = leaving.values;
  // A handle is only a shortcut: when the store no longer holds it, the key is looked up as usual.
  const handles = old.length === 1 && w.putEntry !== undefined ? leaving.handles : undefined;
  for (let i = 0; i < leavingKeys.length; i++) {
    const handle = handles?.[i];
    if (handle !== undefined && w.putEntry?.(handle, invReduce(handle.state, leavingValues[i]))) continue;
    const key = leavingKeys[i];
    const previous = w.get(key);
    if (previous === undefined) (orphans ??= []).push(key);
    else w.put(key, invReduce(previous.state, leavingValues[i]));
  }
  const entering = reduceBatches(fresh, reduce);
  const enteringKeys = entering.keys;
  const enteringValues = entering.values;
  const taken = fresh.length === 1 && w.putEntry !== undefined ? new Array(enteringKeys.length) : undefined;
  for (let i = 0; i < enteringKeys.length; i++) {
    const key = enteringKeys[i];
    const previous = w.get(key);
    w.put(key, previous === undefined ? enteringValues[i] : reduce(previous.state, enteringValues[i]));
    if (taken !== undefined) taken[i] = previous ?? w.get(key);
  }
  if (taken !== undefined) entering.handles = taken;
  if (orphans !== undefined) {
    for (const key of orphans) {
      if (w.get(key) === undefined) {
        throw new IllegalStateError(
          `${where}: key ${formatRecord(key)} leaves the window but has neither a value in the previous window nor new values; ` +
            'the filter function must keep every key whose window still holds values, and keys must hash consistently',
        );
      }
    }
  }
  if (filter !== undefined) {
    const judged = new Set<unknown>();
    applyFilter(w, leavingKeys, filter, judged);
    applyFilter(w, enteringKeys, filter, judged);
  }
}

/** Drops from the window the keys whose new value the filter rejects (each key is judged once). */
function applyFilter<K, V>(
  w: StateWriter<K, V>,
  keys: readonly K[],
  filter: (record: [K, V]) => boolean,
  judged: Set<unknown>,
): void {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const id = keyId(key);
    if (judged.has(id)) continue;
    judged.add(id);
    const entry = w.get(key);
    if (entry !== undefined && !filter([entry.key, entry.state])) w.remove(key);
  }
}

/** The values of each key over several batches merged with `reduce` in batch order; one batch as it is. */
function reduceBatches<K, V>(batches: readonly BatchColumns<K, V>[], reduce: (a: V, b: V) => V): BatchColumns<K, V> {
  if (batches.length === 1) return batches[0];
  const merged = new Map<unknown, [K, V]>();
  for (const { keys, values } of batches) {
    for (let i = 0; i < keys.length; i++) {
      const id = keyId(keys[i]);
      const current = merged.get(id);
      if (current === undefined) merged.set(id, [keys[i], values[i]]);
      else current[1] = reduce(current[1], values[i]);
    }
  }
  const out: BatchColumns<K, V> = { keys: [], values: [] };
  for (const [k, v] of merged.values()) {
    out.keys.push(k);
    out.values.push(v);
  }
  return out;
}

/** One partition of a reduced batch, as columns. */
export function toColumns<K, V>(records: readonly [K, V][]): BatchColumns<K, V> {
  const keys: K[] = [];
  const values: V[] = [];
  for (let i = 0; i < records.length; i++) {
    keys.push(records[i][0]);
    values.push(records[i][1]);
  }
  return { keys, values };
}
