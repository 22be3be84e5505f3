import { formatRecord, hashKey, IllegalStateError, keyId } from '../core/index.ts';
import type { RddNode } from '../rdd/index.ts';
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
   * Each key's hash code (unsigned), when the keys come in the order of these codes (as the window's
   * shuffle gives them): two such batches are then walked side by side, each key written once.
   */
  readonly hashes?: Uint32Array;
  /**
   * Each key's identity (`keyId`), worked out once when the batch entered, when some keys are arrays or
   * objects (whose identity costs an encoding); otherwise a key is its own identity for comparing.
   */
  readonly ids?: unknown[];
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
 * @param recent - likewise for some batches already in the window: where a key entering is found in one
 *   of them (in hash order, with the entries taken when it entered), its entry is written without a lookup
 * @throws IllegalStateError when a key leaves the window that has neither a previous value nor new
 *   values (Spark fails alike: the filter dropped a key still in the window, or keys hash inconsistently)
 */
export function stepWindow<K, V>(
  w: StateWriter<K, V>,
  old: readonly BatchColumns<K, V>[],
  fresh: readonly BatchColumns<K, V>[],
  fns: WindowReduceFunctions<K, V>,
  where: string,
  recent: readonly BatchColumns<K, V>[] = [],
): void {
  const leaving = reduceBatches(old, fns.reduce);
  const entering = reduceBatches(fresh, fns.reduce);
  // Entries taken now are handles for when the batch leaves: only when it entered on its own.
  const take = fresh.length === 1 && w.putEntry !== undefined;
  const orphans =
    old.length === 1 && fresh.length === 1 && leaving.hashes !== undefined && entering.hashes !== undefined
      ? stepSideBySide(w, leaving, entering, fns, take, w.putEntry === undefined ? [] : inHashOrderWithEntries(recent))
      : stepOneAfterOther(w, leaving, entering, fns, old.length === 1 && w.putEntry !== undefined, take);
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
  const filter = fns.filter;
  if (filter !== undefined) {
    const judged = new Set<unknown>();
    applyFilter(w, leaving.keys, filter, judged);
    applyFilter(w, entering.keys, filter, judged);
  }
}

/**
 * The keys leaving, then the keys entering. Returns the keys that left without a previous value, to be
 * checked once the keys entering are in.
 */
function stepOneAfterOther<K, V>(
  w: StateWriter<K, V>,
  leaving: BatchColumns<K, V>,
  entering: BatchColumns<K, V>,
  fns: WindowReduceFunctions<K, V>,
  useHandles: boolean,
  take: boolean,
): K[] | undefined {
  const { reduce, invReduce } = fns;
  let orphans: K[] | undefined;
  const leavingKeys = leaving.keys;
  const leavingValues = leaving.values;
  // A handle is only a shortcut: when the store no longer holds it, the key is looked up as usual.
  const handles = useHandles ? leaving.handles : undefined;
  for (let i = 0; i < leavingKeys.length; i++) {
    const handle = handles?.[i];
    if (handle !== undefined && w.putEntry?.(handle, invReduce(handle.state, leavingValues[i]))) continue;
    const key = leavingKeys[i];
    const previous = w.get(key);
    if (previous === undefined) (orphans ??= []).push(key);
    else w.put(key, invReduce(previous.state, leavingValues[i]));
  }
  const enteringKeys = entering.keys;
  const enteringValues = entering.values;
  const taken = take ? new Array(enteringKeys.length) : undefined;
  for (let i = 0; i < enteringKeys.length; i++) {
    const key = enteringKeys[i];
    const previous = w.get(key);
    w.put(key, previous === undefined ? enteringValues[i] : reduce(previous.state, enteringValues[i]));
    if (taken !== undefined) taken[i] = previous ?? w.get(key);
  }
  if (taken !== undefined) entering.handles = taken;
  return orphans;
}

/**
 * One batch leaving and one entering, both in hash-code order, walked side by side: a key in both is
 * written once, through the entry taken when it entered, with no lookup. Keys whose codes collide but
 * differ are written one after the other, each leaving key before any key entering after it, so every
 * key still gets the inverse of its old values before its new ones. A key entering alone is looked for,
 * the same way, in the `recent` batches, whose entries spare its lookup. Returns the keys that left
 * without a previous value, as {@link stepOneAfterOther} does.
 */
function stepSideBySide<K, V>(
  w: StateWriter<K, V>,
  leaving: BatchColumns<K, V>,
  entering: BatchColumns<K, V>,
  fns: WindowReduceFunctions<K, V>,
  take: boolean,
  recent: readonly BatchColumns<K, V>[],
): K[] | undefined {
  const { reduce, invReduce } = fns;
  let orphans: K[] | undefined;
  const cursors = new Int32Array(recent.length);
  const oldKeys = leaving.keys;
  const oldValues = leaving.values;
  const oldHashes = leaving.hashes as Uint32Array;
  const handles = w.putEntry === undefined ? undefined : leaving.handles;
  const newKeys = entering.keys;
  const newValues = entering.values;
  const newHashes = entering.hashes as Uint32Array;
  const oldIds = leaving.ids ?? oldKeys;
  const newIds = entering.ids ?? newKeys;
  const taken: (StateEntry<K, V> | undefined)[] | undefined = take ? new Array(newKeys.length) : undefined;
  const oldCount = oldKeys.length;
  const newCount = newKeys.length;
  let i = 0;
  let j = 0;
  while (i < oldCount || j < newCount) {
    const both = i < oldCount && j < newCount && oldHashes[i] === newHashes[j] && oldIds[i] === newIds[j];
    if (both) {
      const handle = handles?.[i];
      if (handle !== undefined && w.putEntry?.(handle, reduce(invReduce(handle.state, oldValues[i]), newValues[j]))) {
        if (taken !== undefined) taken[j] = handle;
      } else {
        const key = newKeys[j];
        const previous = w.get(key);
        w.put(
          key,
          previous === undefined ? newValues[j] : reduce(invReduce(previous.state, oldValues[i]), newValues[j]),
        );
        if (taken !== undefined) taken[j] = previous ?? w.get(key);
      }
      i++;
      j++;
    } else if (j >= newCount || (i < oldCount && oldHashes[i] <= newHashes[j])) {
      const handle = handles?.[i];
      if (handle === undefined || !w.putEntry?.(handle, invReduce(handle.state, oldValues[i]))) {
        const key = oldKeys[i];
        const previous = w.get(key);
        if (previous === undefined) (orphans ??= []).push(key);
        else w.put(key, invReduce(previous.state, oldValues[i]));
      }
      i++;
    } else {
      const key = newKeys[j];
      const known = recent.length === 0 ? undefined : entryIn(recent, cursors, newHashes[j], newIds[j]);
      if (known !== undefined && w.putEntry?.(known, reduce(known.state, newValues[j]))) {
        if (taken !== undefined) taken[j] = known;
      } else {
        const previous = w.get(key);
        w.put(key, previous === undefined ? newValues[j] : reduce(previous.state, newValues[j]));
        if (taken !== undefined) taken[j] = previous ?? w.get(key);
      }
      j++;
    }
  }
  if (taken !== undefined) entering.handles = taken;
  return orphans;
}

/** The batches of `batches` in hash order that carry the entries taken when they entered. */
function inHashOrderWithEntries<K, V>(batches: readonly BatchColumns<K, V>[]): BatchColumns<K, V>[] {
  return batches.filter((b) => b.hashes !== undefined && b.handles !== undefined);
}

/**
 * The entry taken for the key of identity `id` (hash code `hash`) by one of the `recent` batches, if any
 * holds it. Keys are asked for in hash order: each batch's cursor only moves forward, to the first code
 * not below `hash`.
 */
function entryIn<K, V>(
  recent: readonly BatchColumns<K, V>[],
  cursors: Int32Array,
  hash: number,
  id: unknown,
): StateEntry<K, V> | undefined {
  for (let r = 0; r < recent.length; r++) {
    const batch = recent[r];
    const hashes = batch.hashes as Uint32Array;
    let at = cursors[r];
    while (at < hashes.length && hashes[at] < hash) at++;
    cursors[r] = at;
    const ids = batch.ids ?? batch.keys;
    for (let q = at; q < hashes.length && hashes[q] === hash; q++) {
      if (ids[q] === id) {
        const entry = batch.handles?.[q];
        if (entry !== undefined) return entry;
        break;
      }
    }
  }
  return undefined;
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

/** Partition `split` of a reduced batch, as columns, with the keys' hash codes when they come in their order. */
export function partitionColumns<K, V>(node: RddNode<[K, V]>, split: number): BatchColumns<K, V> {
  const keys: K[] = [];
  const values: V[] = [];
  node.iterator(split, (record) => {
    keys.push(record[0]);
    values.push(record[1]);
  });
  const hashes = new Uint32Array(keys.length);
  let structured = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    hashes[i] = (key == null ? 0 : hashKey(key)) >>> 0;
    if (i > 0 && hashes[i] < hashes[i - 1]) return { keys, values };
    if (typeof key === 'object' && key !== null) structured = true;
  }
  // Identities compared by value: strings and numbers are their own (NaN never equals itself, so such a
  // key is just looked up); arrays and objects are encoded once here.
  return structured ? { keys, values, hashes, ids: keys.map(keyId) } : { keys, values, hashes };
}
