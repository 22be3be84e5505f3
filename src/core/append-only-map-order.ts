import { hashKey } from './hash.ts';
import { MurmurHash3 } from './murmur3.ts';

// Spark's AppendOnlyMap: open addressing from 64 slots, doubled once more than 70% are used.
const INITIAL_CAPACITY = 64;
const LOAD_FACTOR = 0.7;
const EMPTY = -1;

/**
 * The order in which Spark's `AppendOnlyMap` (the hash table behind every hash aggregation: reduceByKey,
 * groupByKey, combineByKey, distinct, cogroup and the joins) iterates its keys, which is the order of the
 * keys in the partition Spark produces.
 *
 * The table is replayed: a key's home slot is Guava's murmur3 `hashInt` of its `hashCode`, masked to the
 * capacity; an occupied slot sends the key on to `pos + 1`, `pos + 1 + 2`, … (quadratic probing); past
 * `floor(0.7 · capacity)` keys the table doubles and re-inserts its keys in slot order. Iteration yields
 * the null key first, then the slots in order.
 *
 * @param hashes - each distinct key's Java `hashCode`, in the order the keys were first inserted; `null`
 *   stands for the null key (Spark keeps it outside the table).
 * @returns indices into `hashes`, in iteration order.
 * @example
 * appendOnlyMapOrder([97, 100]); // [1, 0]: Spark iterates keys "a", "d" as d, a
 */
export function appendOnlyMapOrder(hashes: readonly (number | null)[]): number[] {
  const n = hashes.length;
  if (n <= 1) return n === 0 ? [] : [0];
  const spread = new Int32Array(n);
  const nulls: number[] = [];
  let capacity = INITIAL_CAPACITY;
  let table = new Int32Array(capacity).fill(EMPTY);
  let threshold = Math.floor(LOAD_FACTOR * capacity);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const h = hashes[i];
    if (h === null) nulls.push(i);
    else {
      spread[i] = MurmurHash3.hashInt(h);
      place(table, capacity - 1, spread[i], i);
    }
    if (++size > threshold) {
      const grown = new Int32Array(capacity * 2).fill(EMPTY);
      for (let pos = 0; pos < capacity; pos++) {
        const at = table[pos];
        if (at !== EMPTY) place(grown, capacity * 2 - 1, spread[at], at);
      }
      table = grown;
      capacity *= 2;
      threshold = Math.floor(LOAD_FACTOR * capacity);
    }
  }
  const order = nulls;
  for (let pos = 0; pos < capacity; pos++) if (table[pos] !== EMPTY) order.push(table[pos]);
  return order;
}

/**
 * The iteration order of {@link appendOnlyMapOrder} when it cannot depend on the insertion order, else
 * `undefined`. It cannot when no two keys share a home slot in the final table: then no key was ever
 * displaced there (a key is displaced only from an occupied home, whose occupant would be at the same
 * home), every key sits at its home, and the order is the order of the homes — whatever order the keys
 * arrived in, and whenever the table grew. Lets a caller skip working out Spark's exact arrival order.
 *
 * @param hashes - as for {@link appendOnlyMapOrder}, in any order (only null keys keep theirs: they come
 *   first, as given).
 */
export function fixedAppendOnlyMapOrder(hashes: readonly (number | null)[]): number[] | undefined {
  if (hashes.length <= 1) return hashes.length === 0 ? [] : [0];
  let capacity = INITIAL_CAPACITY;
  while (hashes.length > Math.floor(LOAD_FACTOR * capacity)) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(EMPTY);
  const order: number[] = [];
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i];
    if (h === null) {
      order.push(i);
      continue;
    }
    const home = MurmurHash3.hashInt(h) & mask;
    if (table[home] !== EMPTY) return undefined;
    table[home] = i;
  }
  for (let pos = 0; pos < capacity; pos++) if (table[pos] !== EMPTY) order.push(table[pos]);
  return order;
}

/**
 * `[key, …]` entries, listed in the order their keys were first inserted, in the order Spark's
 * `AppendOnlyMap` would iterate them ({@link appendOnlyMapOrder} over the keys' {@link hashKey}, with
 * `null` and `undefined` as the null key).
 */
export function inAppendOnlyMapOrder<E extends readonly [unknown, ...unknown[]]>(entries: readonly E[]): E[] {
  const order = appendOnlyMapOrder(entries.map((e) => (e[0] == null ? null : hashKey(e[0]))));
  const out: E[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = entries[order[i]];
  return out;
}

function place(table: Int32Array, mask: number, spread: number, index: number): void {
  let pos = spread & mask;
  for (let step = 1; table[pos] !== EMPTY; step++) pos = (pos + step) & mask;
  table[pos] = index;
}
