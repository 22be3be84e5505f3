// The public face of a dataset: every operation is a short factory over a node kind (one file each) or
// over other operations; behaviour lives in the kinds. Long because it is the whole RDD API in one
// place, as users look for it.
import {
  type Comparator,
  cloneZero,
  compareKeys,
  EmptyDatasetError,
  InvalidArgumentError,
  inAppendOnlyMapOrder,
  keyId,
} from '../core/index.ts';
import type { Aggregator } from './aggregator.ts';
import type { BatchContext } from './batch-context.ts';
import { CartesianRdd } from './cartesian-rdd.ts';
import { CoGroupedRdd } from './co-grouped-rdd.ts';
import { CoalescedRdd } from './coalesced-rdd.ts';
import { combineLocally } from './combine-locally.ts';
import { defaultPartitioner, resolvePartitioner } from './default-partitioner.ts';
import { FilteredRdd } from './filtered-rdd.ts';
import { FlatMappedRdd } from './flat-mapped-rdd.ts';
import { MapPartitionsRdd } from './map-partitions-rdd.ts';
import { MappedRdd } from './mapped-rdd.ts';
import { HashPartitioner, type Partitioner } from './partitioner.ts';
import { RangePartitioner } from './range-partitioner.ts';
import type { RddNode } from './rdd-node.ts';
import { distributeForRepartition } from './repartition.ts';
import { saveAsTextFile } from './save-as-text-file.ts';
import { type KeyOrder, ShuffledRdd } from './shuffled-rdd.ts';
import { SortedPartitionsRdd } from './sorted-partitions-rdd.ts';

/** A partition count or a partitioner, where Spark's pair operations accept either. */
export type Partitioning = number | Partitioner;

/**
 * An immutable, lazily computed, partitioned dataset (Spark's `RDD`). Transformations return new
 * datasets and run nothing; actions (`collect`, `count`, `reduce`, …) compute the partitions.
 * Key-value operations apply to datasets of `[key, value]` pairs only.
 *
 * @example
 * const counts = sc.parallelize(['a b', 'b'], 2)
 *   .flatMap((line) => line.split(' '))
 *   .map((w): [string, number] => [w, 1])
 *   .reduceByKey((a, b) => a + b)
 *   .collect(); // [['b', 2], ['a', 1]] (order by partition)
 */
export class Rdd<T> {
  readonly #node: RddNode<T>;

  constructor(node: RddNode<T>) {
    this.#node = node;
  }

  /** @internal The node behind this dataset. */
  get node(): RddNode<T> {
    return this.#node;
  }
  get id(): number {
    return this.#node.id;
  }
  /** The batch-level context this dataset belongs to (Spark's `rdd.context`). */
  get context(): BatchContext {
    return this.#node.ctx;
  }
  /** Spark's other name for {@link context}. */
  get sparkContext(): BatchContext {
    return this.#node.ctx;
  }
  /** Same as {@link context}. */
  get batchContext(): BatchContext {
    return this.#node.ctx;
  }
  get numPartitions(): number {
    return this.#node.numPartitions;
  }
  getNumPartitions(): number {
    return this.#node.numPartitions;
  }
  /** One descriptor per partition, as Spark's `rdd.partitions` (so `rdd.partitions.length` reads the same). */
  get partitions(): readonly { readonly index: number }[] {
    return Array.from({ length: this.#node.numPartitions }, (_, index) => ({ index }));
  }
  get partitioner(): Partitioner | undefined {
    return this.#node.partitioner;
  }
  toString(): string {
    return `Rdd[${this.#node.id}] ${this.#node.describe()}`;
  }

  /**
   * Keeps computed partitions in memory so later reads, by this dataset and by every dataset derived from
   * it, do not recompute them. Returns this dataset (Spark's `persist()` at `MEMORY_ONLY`).
   */
  persist(): this {
    this.#node.persist();
    return this;
  }
  cache(): this {
    return this.persist();
  }
  /** Drops the kept partitions; later reads compute again (Spark's `unpersist`). Returns this dataset. */
  unpersist(): this {
    this.#node.unpersist();
    return this;
  }
  /** Whether {@link persist} is in effect (Spark's `getStorageLevel != NONE`). */
  get isPersisted(): boolean {
    return this.#node.isPersisted;
  }

  // ---- transformations ----
  map<U>(f: (x: T) => U): Rdd<U> {
    return new Rdd(new MappedRdd(this.#node, f));
  }
  flatMap<U>(f: (x: T) => Iterable<U>): Rdd<U> {
    return new Rdd(new FlatMappedRdd(this.#node, f));
  }
  filter(predicate: (x: T) => boolean): Rdd<T> {
    return new Rdd(new FilteredRdd(this.#node, predicate));
  }
  /** A function over each whole partition. Spark passes an iterator; here it is the partition's array. */
  mapPartitions<U>(f: (items: T[]) => Iterable<U>, preservesPartitioning = false): Rdd<U> {
    return new Rdd(new MapPartitionsRdd(this.#node, (items) => f(items), preservesPartitioning));
  }
  mapPartitionsWithIndex<U>(f: (index: number, items: T[]) => Iterable<U>, preservesPartitioning = false): Rdd<U> {
    return new Rdd(
      new MapPartitionsRdd(this.#node, (items, i) => f(i, items), preservesPartitioning, 'mapPartitionsWithIndex'),
    );
  }
  /** Each partition as one array. */
  glom(): Rdd<T[]> {
    return new Rdd(new MapPartitionsRdd(this.#node, (items) => [items], false, 'glom'));
  }
  keyBy<K>(f: (x: T) => K): Rdd<[K, T]> {
    return this.map((x): [K, T] => [f(x), x]);
  }
  union(other: Rdd<T>): Rdd<T> {
    return this.context.union([this, other]);
  }
  cartesian<U>(other: Rdd<U>): Rdd<[T, U]> {
    return new Rdd(new CartesianRdd(this.#node, other.#node));
  }
  /** Each distinct record once (structural equality). */
  distinct(numPartitions: number = this.numPartitions): Rdd<T> {
    if (this.partitioner !== undefined && numPartitions === this.numPartitions) {
      // Spark de-duplicates each partition through its hash table, so the survivors come out in its order.
      const unique = (items: T[]): T[] => inAppendOnlyMapOrder(uniqueBy(items).map((x): [T] => [x])).map((e) => e[0]);
      return this.mapPartitions(unique, true);
    }
    return this.map((x): [T, null] => [x, null])
      .reduceByKey((x) => x, numPartitions)
      .map((p) => p[0]);
  }
  sortBy<K>(
    f: (x: T) => K,
    ascending = true,
    numPartitions: number = this.numPartitions,
    compare?: Comparator<K>,
  ): Rdd<T> {
    return this.keyBy(f).sortByKey(ascending, numPartitions, compare).values();
  }
  /** Exactly `numPartitions` partitions, with a shuffle that spreads records evenly (as Spark places them). */
  repartition(numPartitions: number): Rdd<T> {
    return this.coalesce(numPartitions, true);
  }
  /** At most `numPartitions` partitions by merging neighbours; with `shuffle`, the same as repartition. */
  coalesce(numPartitions: number, shuffle = false): Rdd<T> {
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new InvalidArgumentError(`coalesce: number of partitions (${numPartitions}) must be positive`);
    }
    if (!shuffle) return new Rdd(new CoalescedRdd(this.#node, numPartitions));
    const positioned = new MapPartitionsRdd(
      this.#node,
      (items, index) => distributeForRepartition(items, index, numPartitions),
      false,
      'repartition',
    );
    const shuffled = new ShuffledRdd<number, T>(
      positioned,
      new HashPartitioner(numPartitions),
      undefined,
      false,
      'repartition',
    );
    return new Rdd(shuffled).values();
  }

  // ---- actions ----
  collect(): T[] {
    const out: T[] = [];
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) {
      node.iterator(p, (x) => {
        out.push(x);
      });
    }
    return out;
  }
  /**
   * Writes the dataset as a directory `path` of part files, one record per line, atomically (a reader sees
   * the complete directory or none).
   */
  saveAsTextFile(path: string): void {
    saveAsTextFile(this.#node, path);
  }
  /** The partitions' records, each partition as one array. */
  collectPartitions(): T[][] {
    const node = this.#node;
    const out: T[][] = [];
    for (let p = 0; p < node.numPartitions; p++) out.push(node.collectPartition(p));
    return out;
  }
  count(): number {
    let n = 0;
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) n += node.countPartition(p);
    return n;
  }
  isEmpty(): boolean {
    return this.take(1).length === 0;
  }
  foreach(f: (x: T) => void): void {
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) node.iterator(p, f);
  }
  foreachPartition(f: (items: T[]) => void): void {
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) f(node.collectPartition(p));
  }
  /**
   * Reduces each partition, then the partition results in partition order, as Spark does (which matters
   * only when `f` is not associative).
   *
   * @throws EmptyDatasetError when the dataset has no records
   */
  reduce(f: (a: T, b: T) => T): T {
    let has = false;
    let acc: T | undefined;
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) {
      let partHas = false;
      let part: T | undefined;
      node.iterator(p, (x) => {
        if (partHas) part = f(part as T, x);
        else {
          part = x;
          partHas = true;
        }
      });
      if (!partHas) continue;
      if (has) acc = f(acc as T, part as T);
      else {
        acc = part;
        has = true;
      }
    }
    if (!has) throw new EmptyDatasetError('reduce: empty collection');
    return acc as T;
  }
  /** Folds each partition from a fresh copy of `zero`, then the partition results from another copy. */
  fold(zero: T, op: (a: T, b: T) => T): T {
    return this.aggregate(zero, op, op);
  }
  aggregate<U>(zero: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U): U {
    let result = cloneZero(zero);
    const node = this.#node;
    for (let p = 0; p < node.numPartitions; p++) {
      let acc = cloneZero(zero);
      node.iterator(p, (x) => {
        acc = seqOp(acc, x);
      });
      result = combOp(result, acc);
    }
    return result;
  }
  /** The first `n` records, reading partitions in order and only as many as needed. */
  take(n: number): T[] {
    const out: T[] = [];
    const node = this.#node;
    for (let p = 0; p < node.numPartitions && out.length < n; p++) {
      const items = node.collectPartition(p);
      for (let i = 0; i < items.length && out.length < n; i++) out.push(items[i]);
    }
    return out;
  }
  /**
   * The `n` smallest records by `compare` (default: the key ordering of sortByKey), in order, keeping
   * only `n` per partition in memory (Spark's `takeOrdered`).
   */
  takeOrdered(n: number, compare: Comparator<T> = compareKeys): T[] {
    const node = this.#node;
    let best: T[] = [];
    for (let p = 0; p < node.numPartitions; p++) {
      const partial = smallest(node.collectPartition(p), n, compare);
      best = smallest(best.concat(partial), n, compare);
    }
    return best;
  }
  /** The `n` largest records by `compare`, largest first (Spark's `top`). */
  top(n: number, compare: Comparator<T> = compareKeys): T[] {
    return this.takeOrdered(n, (a, b) => compare(b, a));
  }
  /** @throws EmptyDatasetError when the dataset has no records */
  first(): T {
    const taken = this.take(1);
    if (taken.length === 0) throw new EmptyDatasetError('first: empty collection');
    return taken[0];
  }
  /** How many times each distinct record occurs. */
  countByValue(): Map<T, number> {
    return this.map((x): [T, null] => [x, null]).countByKey();
  }

  // ---- key-value transformations ----
  mapValues<K, V, W>(this: Rdd<[K, V]>, f: (v: V) => W): Rdd<[K, W]> {
    return new Rdd(new MappedRdd(this.#node, (p): [K, W] => [p[0], f(p[1])], 'mapValues', true));
  }
  flatMapValues<K, V, W>(this: Rdd<[K, V]>, f: (v: V) => Iterable<W>): Rdd<[K, W]> {
    const expand = (p: [K, V]): [K, W][] => {
      const out: [K, W][] = [];
      for (const w of f(p[1])) out.push([p[0], w]);
      return out;
    };
    return new Rdd(new FlatMappedRdd(this.#node, expand, 'flatMapValues', true));
  }
  keys<K, V>(this: Rdd<[K, V]>): Rdd<K> {
    return new Rdd(new MappedRdd(this.#node, (p) => p[0], 'keys'));
  }
  values<K, V>(this: Rdd<[K, V]>): Rdd<V> {
    return new Rdd(new MappedRdd(this.#node, (p) => p[1], 'values'));
  }
  /** Merges the values of each key with `f`, combining on the map side first. */
  reduceByKey<K, V>(this: Rdd<[K, V]>, f: (a: V, b: V) => V, partitioning?: Partitioning): Rdd<[K, V]> {
    return this.combineByKeyWithName((v) => v, f, f, partitioning, true, 'reduceByKey');
  }
  /** All values of each key, in arrival order (no map-side combine, as in Spark). */
  groupByKey<K, V>(this: Rdd<[K, V]>, partitioning?: Partitioning): Rdd<[K, V[]]> {
    return this.combineByKeyWithName<K, V, V[]>(
      (v) => [v],
      (c, v) => {
        c.push(v);
        return c;
      },
      (a, b) => {
        for (const v of b) a.push(v);
        return a;
      },
      partitioning,
      false,
      'groupByKey',
    );
  }
  /** The general per-key aggregation behind reduceByKey, groupByKey, aggregateByKey and foldByKey. */
  combineByKey<K, V, C>(
    this: Rdd<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioning?: Partitioning,
    mapSideCombine = true,
  ): Rdd<[K, C]> {
    return this.combineByKeyWithName(
      createCombiner,
      mergeValue,
      mergeCombiners,
      partitioning,
      mapSideCombine,
      'combineByKey',
    );
  }
  /** @internal combineByKey under another operation's name (reduceByKey, groupByKey, …) for errors. */
  combineByKeyWithName<K, V, C>(
    this: Rdd<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioning: Partitioning | undefined,
    mapSideCombine: boolean,
    name: string,
    keyOrder: KeyOrder = 'spark',
  ): Rdd<[K, C]> {
    const part = resolvePartitioner(partitioning, this.#node, []);
    const agg: Aggregator<V, C> = {
      createCombiner,
      mergeValue,
      mergeCombiners,
    };
    if (part.equals(this.partitioner)) {
      return new Rdd(new MapPartitionsRdd(this.#node, (items) => combineLocally(requirePairs(items), agg), true, name));
    }
    return new Rdd(new ShuffledRdd(this.#node, part, agg, mapSideCombine, name, keyOrder));
  }
  aggregateByKey<K, V, U>(
    this: Rdd<[K, V]>,
    zero: U,
    seqOp: (acc: U, v: V) => U,
    combOp: (a: U, b: U) => U,
    partitioning?: Partitioning,
  ): Rdd<[K, U]> {
    return this.combineByKeyWithName(
      (v) => seqOp(cloneZero(zero), v),
      seqOp,
      combOp,
      partitioning,
      true,
      'aggregateByKey',
    );
  }
  foldByKey<K, V>(this: Rdd<[K, V]>, zero: V, f: (a: V, b: V) => V, partitioning?: Partitioning): Rdd<[K, V]> {
    return this.combineByKeyWithName((v) => f(cloneZero(zero), v), f, f, partitioning, true, 'foldByKey');
  }
  /** The dataset placed by `partitioner`; itself when already partitioned that way. */
  partitionBy<K, V>(this: Rdd<[K, V]>, partitioner: Partitioner): Rdd<[K, V]> {
    if (partitioner.equals(this.partitioner)) return this;
    return new Rdd(new ShuffledRdd<K, V>(this.#node, partitioner, undefined, false, 'partitionBy'));
  }
  /** Sorted by key into range partitions: all keys of partition i come before those of partition i + 1. */
  sortByKey<K, V>(
    this: Rdd<[K, V]>,
    ascending = true,
    numPartitions: number = this.numPartitions,
    compare: Comparator<K> = compareKeys,
  ): Rdd<[K, V]> {
    const keys = this.keys().collect().sort(compare);
    const part = new RangePartitioner<K>(numPartitions, keys, compare, ascending);
    const shuffled = new ShuffledRdd<K, V>(this.#node, part, undefined, false, 'sortByKey');
    return new Rdd(new SortedPartitionsRdd(shuffled, compare, ascending));
  }
  /**
   * Records of this dataset whose key does not occur in `other`. By default partitioned like this dataset
   * (its partitioner, else a HashPartitioner of its partition count), not by the default rule, as Spark.
   */
  subtractByKey<K, V, W>(this: Rdd<[K, V]>, other: Rdd<[K, W]>, partitioning?: Partitioning): Rdd<[K, V]> {
    const part = partitioning ?? this.partitioner ?? new HashPartitioner(this.numPartitions);
    return this.cogroup(other, part).flatMapValues(([vs, ws]) => (ws.length === 0 ? vs : []));
  }

  // ---- joins ----
  /** For each key in both: every `[v, w]` pair of their values. */
  join<K, V, W>(this: Rdd<[K, V]>, other: Rdd<[K, W]>, partitioning?: Partitioning): Rdd<[K, [V, W]]> {
    return this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => {
      const out: [V, W][] = [];
      for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }
  /** Every key of this dataset; `undefined` where `other` has no value (Spark's `None`). */
  leftOuterJoin<K, V, W>(
    this: Rdd<[K, V]>,
    other: Rdd<[K, W]>,
    partitioning?: Partitioning,
  ): Rdd<[K, [V, W | undefined]]> {
    return this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => {
      const out: [V, W | undefined][] = [];
      if (ws.length === 0) for (const v of vs) out.push([v, undefined]);
      else for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }
  rightOuterJoin<K, V, W>(
    this: Rdd<[K, V]>,
    other: Rdd<[K, W]>,
    partitioning?: Partitioning,
  ): Rdd<[K, [V | undefined, W]]> {
    return this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => {
      const out: [V | undefined, W][] = [];
      if (vs.length === 0) for (const w of ws) out.push([undefined, w]);
      else for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }
  fullOuterJoin<K, V, W>(
    this: Rdd<[K, V]>,
    other: Rdd<[K, W]>,
    partitioning?: Partitioning,
  ): Rdd<[K, [V | undefined, W | undefined]]> {
    return this.cogroup(other, partitioning).flatMapValues(([vs, ws]) => {
      const out: [V | undefined, W | undefined][] = [];
      if (ws.length === 0) for (const v of vs) out.push([v, undefined]);
      else if (vs.length === 0) for (const w of ws) out.push([undefined, w]);
      else for (const v of vs) for (const w of ws) out.push([v, w]);
      return out;
    });
  }
  /** For each key in either dataset: `[key, [values here, values there]]`. */
  cogroup<K, V, W>(this: Rdd<[K, V]>, other: Rdd<[K, W]>, partitioning?: Partitioning): Rdd<[K, [V[], W[]]]>;
  cogroup<K, V, W1, W2>(
    this: Rdd<[K, V]>,
    other1: Rdd<[K, W1]>,
    other2: Rdd<[K, W2]>,
    partitioning?: Partitioning,
  ): Rdd<[K, [V[], W1[], W2[]]]>;
  cogroup<K, V, W1, W2, W3>(
    this: Rdd<[K, V]>,
    other1: Rdd<[K, W1]>,
    other2: Rdd<[K, W2]>,
    other3: Rdd<[K, W3]>,
    partitioning?: Partitioning,
  ): Rdd<[K, [V[], W1[], W2[], W3[]]]>;
  cogroup<K>(
    this: Rdd<[K, unknown]>,
    ...args: (Rdd<[K, unknown]> | Partitioning | undefined)[]
  ): Rdd<[K, unknown[][]]> {
    const others = args.filter((a): a is Rdd<[K, unknown]> => a instanceof Rdd);
    const spec = args.find((a): a is Partitioning => a !== undefined && !(a instanceof Rdd));
    const nodes = [this.#node, ...others.map((o) => o.#node)];
    const part = resolvePartitioner(spec, this.#node, nodes.slice(1));
    return new Rdd(new CoGroupedRdd<K>(nodes, part));
  }

  // ---- key-value actions ----
  /**
   * How many records each key has. Keys that are arrays or objects appear once per distinct value (the
   * first occurrence's object); look them up by iterating, since a JS `Map` compares objects by identity.
   */
  countByKey<K, V>(this: Rdd<[K, V]>): Map<K, number> {
    return new Map(
      this.mapValues(() => 1)
        .reduceByKey((a, b) => a + b)
        .collect(),
    );
  }
  /** The values of `key`; with a partitioner, only the key's partition is read (as Spark). */
  lookup<K, V>(this: Rdd<[K, V]>, key: K): V[] {
    const id = keyId(key);
    const out: V[] = [];
    const collect = (p: [K, V]): void => {
      if (keyId(p[0]) === id) out.push(p[1]);
    };
    const node = this.#node;
    const partitioner = node.partitioner;
    if (partitioner !== undefined && node.numPartitions > 0) node.iterator(partitioner.getPartition(key), collect);
    else for (let p = 0; p < node.numPartitions; p++) node.iterator(p, collect);
    return out;
  }
  /** All pairs as a Map; for a repeated key (compared by value) the last value wins. */
  collectAsMap<K, V>(this: Rdd<[K, V]>): Map<K, V> {
    const byId = new Map<unknown, [K, V]>();
    for (const pair of this.collect()) {
      const id = keyId(pair[0]);
      const seen = byId.get(id);
      byId.set(id, seen === undefined ? pair : [seen[0], pair[1]]);
    }
    return new Map(byId.values());
  }
}

/** The same clear error a shuffle gives when a record is not a `[key, value]` pair. */
function requirePairs<K, V>(items: [K, V][]): [K, V][] {
  for (const record of items) {
    if (!Array.isArray(record)) throw new TypeError(`expected a [key, value] pair, got ${String(record)}`);
  }
  return items;
}

function smallest<T>(items: T[], n: number, compare: Comparator<T>): T[] {
  return items.length <= n ? items.sort(compare) : items.sort(compare).slice(0, n);
}

function uniqueBy<T>(items: T[]): T[] {
  const seen = new Map<unknown, T>();
  for (const x of items) {
    const id = keyId(x);
    if (!seen.has(id)) seen.set(id, x);
  }
  return [...seen.values()];
}

export { defaultPartitioner };
