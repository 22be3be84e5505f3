import { hashKey, keyId } from '../core/index.ts';

interface Entry<K, V> {
  readonly hash: number;
  readonly id: unknown;
  readonly key: K;
  value: V;
}

const INITIAL_CAPACITY = 16;
/** Java turns a bucket into a tree at 9 entries, or grows the table instead while it has fewer than 64 slots. */
const TREEIFY_AT = 9;
const MIN_TREEIFY_CAPACITY = 64;

/**
 * A map that iterates in `java.util.HashMap`'s order for the same puts and removes: buckets by the
 * spread hash code, each bucket in insertion order, the table doubling past 3/4 full (or when a bucket
 * of a small table reaches 9 entries). Spark's `SubtractedRDD` and `reduceByKeyLocally` return their
 * records in this order. A bucket Java would turn into a tree (9 or more colliding keys in a table of
 * 64 or more slots) keeps insertion order here.
 */
export class JavaHashMap<K, V> {
  #table: (Entry<K, V>[] | undefined)[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    const id = keyId(key);
    const bucket = this.#bucket(spread(hashKey(key)));
    return bucket?.find((e) => e.id === id)?.value;
  }

  put(key: K, value: V): void {
    if (this.#table.length === 0) this.#table = new Array(INITIAL_CAPACITY);
    const hash = spread(hashKey(key));
    const id = keyId(key);
    const index = hash & (this.#table.length - 1);
    let bucket = this.#table[index];
    const existing = bucket?.find((e) => e.id === id);
    if (existing !== undefined) {
      existing.value = value;
      return;
    }
    if (bucket === undefined) {
      bucket = [];
      this.#table[index] = bucket;
    }
    bucket.push({ hash, id, key, value });
    if (bucket.length >= TREEIFY_AT && this.#table.length < MIN_TREEIFY_CAPACITY) this.#resize();
    if (++this.#size > this.#table.length * 0.75) this.#resize();
  }

  remove(key: K): void {
    const id = keyId(key);
    const bucket = this.#bucket(spread(hashKey(key)));
    const at = bucket === undefined ? -1 : bucket.findIndex((e) => e.id === id);
    if (at < 0) return;
    (bucket as Entry<K, V>[]).splice(at, 1);
    this.#size--;
  }

  /** The entries in Java's iteration order. */
  *entries(): IterableIterator<[K, V]> {
    for (const bucket of this.#table) if (bucket !== undefined) for (const e of bucket) yield [e.key, e.value];
  }

  #bucket(hash: number): Entry<K, V>[] | undefined {
    const table = this.#table;
    return table.length === 0 ? undefined : table[hash & (table.length - 1)];
  }

  /** Doubles the table; each bucket splits into two keeping its order, as Java's resize does. */
  #resize(): void {
    const old = this.#table;
    const table: (Entry<K, V>[] | undefined)[] = new Array(old.length * 2);
    for (const bucket of old) {
      if (bucket === undefined) continue;
      for (const e of bucket) {
        const index = e.hash & (table.length - 1);
        let target = table[index];
        if (target === undefined) {
          target = [];
          table[index] = target;
        }
        target.push(e);
      }
    }
    this.#table = table;
  }
}

/** Java's `HashMap.hash`: the high half folded into the low half. */
function spread(h: number): number {
  return h ^ (h >>> 16);
}
