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
  JavaRandom,
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
import { bucketFinder, evenBuckets } from './histogram.ts';
import { JavaHashMap } from './java-hash-map.ts';
import { MapPartitionsRdd } from './map-partitions-rdd.ts';
import { MappedRdd } from './mapped-rdd.ts';
import { PartitionPruningRdd } from './partition-pruning-rdd.ts';
import { HashPartitioner, type Partitioner } from './partitioner.ts';
import { PartitionwiseSampledRdd } from './partitionwise-sampled-rdd.ts';
import { bernoulliCellSampler, bernoulliSampler, poissonSampler } from './random-sampler.ts';
import { RangePartitioner } from './range-partitioner.ts';
import type { RddNode } from './rdd-node.ts';
import { distributeForRepartition } from './repartition.ts';
import { fractionForSampleSize, randomizeInPlace } from './sample-size.ts';
import { saveAsTextFile } from './save-as-text-file.ts';
import { offsetSeed, toSeed } from './seed.ts';
import { type KeyOrder, ShuffledRdd } from './shuffled-rdd.ts';
import { SortedPartitionsRdd } from './sorted-partitions-rdd.ts';
import { StatCounter } from './stat-counter.ts';
import {
  acceptanceResults,
  exactStratifiedSampler,
  mergeAcceptanceResults,
  stratifiedSampler,
} from './stratified-sampling.ts';
import { SubtractedRdd } from './subtracted-rdd.ts';
import { ZippedPartitionsRdd } from './zipped-partitions-rdd.ts';
import { ZippedWithIndexRdd } from './zipped-with-index-rdd.ts';

/** A partition count or a partitioner, where Spark's pair operations accept either. */
export type Partitioning = number | Partitioner;

/** A seed for the random operations: a whole number or a bigint, taken as Spark's 64-bit `Long`. */
export type Seed = number | bigint;

/** Spark's limit on `takeSample`'s size: `Int.MaxValue` less ten standard deviations. */
const MAX_TAKE_SAMPLE = 2147483647 - Math.trunc(10 * Math.sqrt(2147483647));

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
  /** Groups the records by `f(record)` (Spark's `groupBy`): `map` to `[f(x), x]`, then groupByKey. */
  groupBy<K>(f: (x: T) => K, partitioning?: Partitioning): Rdd<[K, T[]]> {
    return this.keyBy(f).groupByKey(partitioning);
  }
  /**
   * Each distinct record of both datasets once, through a cogroup (a shuffle) with the default
   * partitioner unless `partitioning` is given (Spark's `intersection`).
   */
  intersection(other: Rdd<T>, partitioning?: Partitioning): Rdd<T> {
    const tag = (x: T): [T, null] => [x, null];
    return this.map(tag)
      .cogroup(other.map(tag), partitioning)
      .filter(([, groups]) => groups[0].length > 0 && groups[1].length > 0)
      .keys();
  }
  /**
   * The records of this dataset (duplicates kept) that do not occur in `other` (Spark's `subtract`). By
   * default placed like this dataset: its partitioner, else a HashPartitioner of its partition count.
   */
  subtract(other: Rdd<T>, partitioning?: Partitioning): Rdd<T> {
    let part = resolveOwnPartitioner(partitioning, this);
    if (part.equals(this.partitioner)) {
      // The records are pairs placed by their key: place the [record, null] pairs by the record's key too.
      const byKey = part;
      part = {
        numPartitions: byKey.numPartitions,
        getPartition: (record: unknown) => byKey.getPartition((record as [unknown, unknown])[0]),
        equals(p) {
          return p === this;
        },
      };
    }
    const tag = (x: T): [T, null] => [x, null];
    return new Rdd(new SubtractedRdd(this.map(tag).#node, other.map(tag).#node, part, 'subtract')).keys();
  }
  /**
   * Pairs the i-th record of each partition with the i-th record of the same partition of `other`
   * (Spark's `zip`).
   *
   * @throws InvalidArgumentError when the partition counts differ, or (when computed) when two
   * partitions hold different numbers of records
   */
  zip<U>(other: Rdd<U>): Rdd<[T, U]> {
    const pairUp = ([left, right]: unknown[][], index: number): [T, U][] => {
      if (left.length !== right.length) {
        throw new InvalidArgumentError(
          `zip: can only zip datasets with the same number of records in each partition; partition ${index} has ${left.length} and ${right.length}`,
        );
      }
      return left.map((x, i): [T, U] => [x as T, right[i] as U]);
    };
    return new Rdd(new ZippedPartitionsRdd([this.#node, other.#node], pairUp, false, 'zip', false));
  }
  /**
   * A function of partition i of this dataset and of the others, for each i (Spark's `zipPartitions`).
   * Partitions come as arrays (D5). The partition counts must be equal, the record counts need not.
   *
   * @throws InvalidArgumentError when the partition counts differ
   */
  zipPartitions<B, V>(
    other: Rdd<B>,
    f: (items: T[], others: B[]) => Iterable<V>,
    preservesPartitioning?: boolean,
  ): Rdd<V>;
  zipPartitions<B, C, V>(
    other1: Rdd<B>,
    other2: Rdd<C>,
    f: (items: T[], others1: B[], others2: C[]) => Iterable<V>,
    preservesPartitioning?: boolean,
  ): Rdd<V>;
  zipPartitions<B, C, D, V>(
    other1: Rdd<B>,
    other2: Rdd<C>,
    other3: Rdd<D>,
    f: (items: T[], others1: B[], others2: C[], others3: D[]) => Iterable<V>,
    preservesPartitioning?: boolean,
  ): Rdd<V>;
  zipPartitions<V>(...args: unknown[]): Rdd<V> {
    const at = args.findIndex((a) => typeof a === 'function');
    const others = args.slice(0, at);
    if (at < 1 || !others.every((o) => o instanceof Rdd)) {
      throw new InvalidArgumentError('zipPartitions: expected one to three datasets, then a function');
    }
    const f = args[at] as (...partitions: unknown[][]) => Iterable<V>;
    const nodes = [this.#node, ...(others as Rdd<unknown>[]).map((o) => o.#node)];
    return new Rdd(new ZippedPartitionsRdd(nodes, (parts) => f(...parts), args[at + 1] === true));
  }
  /**
   * Each record with its position in the dataset: partition order, then record order (Spark's
   * `zipWithIndex`). Counts the partitions before the last one when called, as Spark runs a job then.
   */
  zipWithIndex(): Rdd<[T, number]> {
    return new Rdd(new ZippedWithIndexRdd(this.#node));
  }
  /**
   * Each record with a unique id without running a job: the j-th record of partition k of n gets
   * `j * n + k`, so ids have gaps (Spark's `zipWithUniqueId`).
   */
  zipWithUniqueId(): Rdd<[T, number]> {
    const n = this.numPartitions;
    return this.mapPartitionsWithIndex((k, items) => items.map((x, j): [T, number] => [x, j * n + k]));
  }
  /**
   * A random sample: without replacement each record is kept with probability `fraction` (0–1); with
   * replacement each record appears a Poisson(`fraction`) number of times. Partition i draws from a seed
   * derived from `seed` and i, with Spark's samplers, so a seed picks what Spark picks (but see the
   * deviations for a fraction of 40 or more with replacement).
   *
   * @throws InvalidArgumentError when `fraction` is negative, above 1 without replacement, or the seed is
   * not a whole number
   */
  sample(withReplacement: boolean, fraction: number, seed?: Seed): Rdd<T> {
    if (!(fraction >= 0)) throw new InvalidArgumentError(`sample: fraction must be >= 0, got ${fraction}`);
    if (!withReplacement && fraction > 1 + 1e-6) {
      throw new InvalidArgumentError(`sample: fraction must be in [0, 1] without replacement, got ${fraction}`);
    }
    const sampler = withReplacement ? poissonSampler(fraction) : bernoulliSampler(fraction);
    return new Rdd(new PartitionwiseSampledRdd(this.#node, sampler, toSeed(seed, 'sample'), true));
  }
  /**
   * Splits the dataset randomly by `weights` (normalised to sum 1): every record lands in exactly one of
   * the returned datasets (Spark's `randomSplit`).
   *
   * @throws InvalidArgumentError when a weight is negative or they sum to 0
   */
  randomSplit(weights: readonly number[], seed?: Seed): Rdd<T>[] {
    if (!weights.every((w) => w >= 0)) {
      throw new InvalidArgumentError(`randomSplit: weights must be nonnegative, got [${weights.join(',')}]`);
    }
    const sum = weights.reduce((a, b) => a + b, 0);
    if (!(sum > 0))
      throw new InvalidArgumentError(`randomSplit: weights must sum to more than 0, got [${weights.join(',')}]`);
    const s = toSeed(seed, 'randomSplit');
    const bounds = [0];
    for (const w of weights) bounds.push(bounds[bounds.length - 1] + w / sum);
    return weights.map((_, i) => {
      const sampler = bernoulliCellSampler(bounds[i], bounds[i + 1]);
      const split = (items: T[], index: number): T[] => sampler(items, offsetSeed(s, index));
      return new Rdd(new MapPartitionsRdd(this.#node, split, true, 'randomSplit'));
    });
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
  /**
   * `aggregate` in levels (Spark's `treeAggregate`): the partition results are combined `depth - 1` times
   * through a shuffle into fewer partitions (result i goes to partition i mod n), then once more into the
   * result, so no single step merges more than about numPartitions^(1/depth) of them. Spark merges the last
   * level in task completion order; Sluice in partition order.
   *
   * @throws InvalidArgumentError when `depth` is not a whole number >= 1
   */
  treeAggregate<U>(zero: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U, depth = 2): U {
    if (!Number.isInteger(depth) || depth < 1) {
      throw new InvalidArgumentError(`treeAggregate: depth must be a whole number >= 1, got ${depth}`);
    }
    if (this.numPartitions === 0) return cloneZero(zero);
    let partial: Rdd<U> = this.mapPartitions((items) => {
      let acc = cloneZero(zero);
      for (const x of items) acc = seqOp(acc, x);
      return [acc];
    });
    let n = partial.numPartitions;
    const scale = Math.max(Math.ceil(n ** (1 / depth)), 2);
    // Another level only while it saves time: while n exceeds scale plus the partitions it would leave.
    while (n > scale + Math.ceil(n / scale)) {
      n = Math.trunc(n / scale);
      const parts = n;
      partial = partial
        .mapPartitionsWithIndex((i, items) => items.map((u): [number, U] => [i % parts, u]))
        .foldByKey(zero, combOp, new HashPartitioner(parts))
        .values();
    }
    return partial.fold(zero, combOp);
  }
  /**
   * `reduce` in levels, as {@link treeAggregate} (Spark's `treeReduce`).
   *
   * @throws EmptyDatasetError when the dataset has no records
   * @throws InvalidArgumentError when `depth` is not a whole number >= 1
   */
  treeReduce(f: (a: T, b: T) => T, depth = 2): T {
    type Maybe = [] | [T];
    const partial = this.mapPartitions((items): Maybe[] => (items.length === 0 ? [[]] : [[items.reduce(f)]]));
    const op = (a: Maybe, b: Maybe): Maybe => (a.length === 0 ? b : b.length === 0 ? a : [f(a[0], b[0])]);
    const result = partial.treeAggregate<Maybe>([], op, op, depth);
    if (result.length === 0) throw new EmptyDatasetError('treeReduce: empty collection');
    return result[0];
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
  /**
   * `num` records chosen at random, as an array in random order (Spark's `takeSample`): counts the
   * dataset, samples with a fraction large enough to yield `num` almost always (again if not), then
   * shuffles with a `java.util.Random` of `seed`.
   *
   * @throws InvalidArgumentError when `num` is negative or too large, or the seed is not a whole number
   */
  takeSample(withReplacement: boolean, num: number, seed?: Seed): T[] {
    if (!Number.isInteger(num) || num < 0) {
      throw new InvalidArgumentError(`takeSample: num must be a whole number >= 0, got ${num}`);
    }
    if (num > MAX_TAKE_SAMPLE) {
      throw new InvalidArgumentError(`takeSample: cannot take more than ${MAX_TAKE_SAMPLE} records, got ${num}`);
    }
    const s = toSeed(seed, 'takeSample');
    if (num === 0) return [];
    const total = this.count();
    if (total === 0) return [];
    const random = new JavaRandom(s);
    if (!withReplacement && num >= total) return randomizeInPlace(this.collect(), random);
    const fraction = fractionForSampleSize(num, total, withReplacement);
    let samples = this.sample(withReplacement, fraction, random.nextInt()).collect();
    while (samples.length < num) samples = this.sample(withReplacement, fraction, random.nextInt()).collect();
    return randomizeInPlace(samples, random).slice(0, num);
  }
  /**
   * The largest record by `compare` (default: the key ordering of sortByKey); of equal ones, the first.
   *
   * @throws EmptyDatasetError when the dataset has no records
   */
  max(compare: Comparator<T> = compareKeys): T {
    return this.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  }
  /**
   * The smallest record by `compare` (default: the key ordering of sortByKey); of equal ones, the first.
   *
   * @throws EmptyDatasetError when the dataset has no records
   */
  min(compare: Comparator<T> = compareKeys): T {
    return this.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  }

  // ---- numeric actions (Spark's DoubleRDDFunctions) ----
  /** The sum of the numbers; 0 when there are none. */
  sum(this: Rdd<number>): number {
    return this.fold(0, (a, b) => a + b);
  }
  /**
   * Count, mean, variance, max and min in one pass: a {@link StatCounter} per partition, merged in
   * partition order.
   *
   * @throws EmptyDatasetError when the dataset has no partitions (with empty partitions, the counter is empty)
   */
  stats(this: Rdd<number>): StatCounter {
    return this.mapPartitions((items) => [new StatCounter(items)]).reduce((a, b) => a.merge(b));
  }
  /** The mean; 0 when there are no numbers (as Spark). */
  mean(this: Rdd<number>): number {
    return this.stats().mean;
  }
  /** The population variance; NaN when there are no numbers. */
  variance(this: Rdd<number>): number {
    return this.stats().variance;
  }
  /** The population standard deviation; NaN when there are no numbers. */
  stdev(this: Rdd<number>): number {
    return this.stats().stdev;
  }
  /** The sample variance (divided by count − 1); NaN below two numbers. */
  sampleVariance(this: Rdd<number>): number {
    return this.stats().sampleVariance;
  }
  /** The sample standard deviation; NaN below two numbers. */
  sampleStdev(this: Rdd<number>): number {
    return this.stats().sampleStdev;
  }
  /** Same as {@link variance}. */
  popVariance(this: Rdd<number>): number {
    return this.stats().popVariance;
  }
  /** Same as {@link stdev}. */
  popStdev(this: Rdd<number>): number {
    return this.stats().popStdev;
  }
  /**
   * With a bucket count: `bucketCount` even buckets from the smallest to the largest number, returned as
   * `[boundaries, counts]`. With boundaries (sorted, at least two): the count in each bucket; numbers
   * outside are not counted. Buckets are `[a, b)` except the last, `[a, b]`; `evenBuckets` says the
   * boundaries are evenly spaced, which finds a bucket by arithmetic instead of binary search.
   *
   * @throws InvalidArgumentError when `bucketCount` is not a positive whole number, fewer than two
   * boundaries are given, or (with a count) the dataset holds NaN or an infinity
   * @throws EmptyDatasetError when (with a count) the dataset has no numbers
   */
  histogram(this: Rdd<number>, bucketCount: number): [number[], number[]];
  histogram(this: Rdd<number>, buckets: readonly number[], evenBuckets?: boolean): number[];
  histogram(this: Rdd<number>, spec: number | readonly number[], even = false): [number[], number[]] | number[] {
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < 1) {
        throw new InvalidArgumentError(`histogram: bucketCount must be a whole number >= 1, got ${spec}`);
      }
      const stats = this.stats();
      if (stats.count === 0) throw new EmptyDatasetError('histogram: empty collection');
      if (!Number.isFinite(stats.min) || !Number.isFinite(stats.max)) {
        throw new InvalidArgumentError(
          `histogram: cannot make even buckets of numbers including NaN or an infinity (min ${stats.min}, max ${stats.max})`,
        );
      }
      const buckets = evenBuckets(stats.min, stats.max, spec);
      return [buckets, this.histogram(buckets, true)];
    }
    if (spec.length < 2) {
      throw new InvalidArgumentError(`histogram: the buckets array needs at least two boundaries, got ${spec.length}`);
    }
    const find = bucketFinder(spec, even);
    const counts = new Array<number>(spec.length - 1).fill(0);
    this.foreach((x) => {
      const b = find(x);
      if (b >= 0) counts[b]++;
    });
    return counts;
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
   * Records of this dataset whose key does not occur in `other`, in Spark's order (a `java.util.HashMap`
   * per partition). By default partitioned like this dataset (its partitioner, else a HashPartitioner of
   * its partition count), not by the default rule, as Spark.
   */
  subtractByKey<K, V, W>(this: Rdd<[K, V]>, other: Rdd<[K, W]>, partitioning?: Partitioning): Rdd<[K, V]> {
    return new Rdd(new SubtractedRdd(this.#node, other.#node, resolveOwnPartitioner(partitioning, this)));
  }
  /**
   * Shuffles by `partitioner` and sorts each partition by key, in one step (Spark's
   * `repartitionAndSortWithinPartitions`); records of equal keys keep their arrival order.
   */
  repartitionAndSortWithinPartitions<K, V>(
    this: Rdd<[K, V]>,
    partitioner: Partitioner,
    compare: Comparator<K> = compareKeys,
  ): Rdd<[K, V]> {
    const shuffled = new ShuffledRdd<K, V>(
      this.#node,
      partitioner,
      undefined,
      false,
      'repartitionAndSortWithinPartitions',
    );
    return new Rdd(new SortedPartitionsRdd(shuffled, compare, true));
  }
  /**
   * The records whose key lies in `[lower, upper]` (Spark's `filterByRange`). On a range-partitioned
   * dataset (after sortByKey) only the partitions that can hold such keys are read, and the result has
   * just those partitions.
   */
  filterByRange<K, V>(this: Rdd<[K, V]>, lower: K, upper: K, compare: Comparator<K> = compareKeys): Rdd<[K, V]> {
    const inRange = (p: [K, V]): boolean => compare(p[0], lower) >= 0 && compare(p[0], upper) <= 0;
    const part = this.partitioner;
    if (!(part instanceof RangePartitioner)) return this.filter(inRange);
    const a = part.getPartition(lower);
    const b = part.getPartition(upper);
    const pruned = new PartitionPruningRdd(this.#node, (i) => i >= Math.min(a, b) && i <= Math.max(a, b));
    return new Rdd(pruned).filter(inRange);
  }
  /**
   * A sample of each key's records at that key's rate in `fractions` (Spark's `sampleByKey`): without
   * replacement a record is kept with probability `fractions.get(key)`; with replacement it appears a
   * Poisson(fraction) number of times. Partition i draws from `seed + i`, with Spark's generators.
   *
   * @throws InvalidArgumentError when a fraction is negative (or 0 with replacement, which Spark's Poisson
   * generator refuses), or the seed is not a whole number; computing a record whose key has no fraction
   * fails with a NoSuchElementError
   */
  sampleByKey<K, V>(
    this: Rdd<[K, V]>,
    withReplacement: boolean,
    fractions: ReadonlyMap<K, number>,
    seed?: Seed,
  ): Rdd<[K, V]> {
    const rates = fractionsById(fractions, withReplacement, 'sampleByKey');
    const sampler = stratifiedSampler<K, V>(withReplacement, rates, toSeed(seed, 'sampleByKey'));
    return new Rdd(new MapPartitionsRdd(this.#node, sampler, true, 'sampleByKey'));
  }
  /**
   * Like {@link sampleByKey}, but each key gets exactly ⌈its count · its fraction⌉ records (with
   * probability 99.99%), as Spark's `sampleByKeyExact`: a first pass (run when called, plus a count by key
   * with replacement) fixes a threshold per key, and the sample repeats the first pass's draws.
   *
   * @throws InvalidArgumentError as {@link sampleByKey}; NoSuchElementError when a key has no fraction
   * @throws EmptyDatasetError when the dataset has no partitions
   */
  sampleByKeyExact<K, V>(
    this: Rdd<[K, V]>,
    withReplacement: boolean,
    fractions: ReadonlyMap<K, number>,
    seed?: Seed,
  ): Rdd<[K, V]> {
    const rates = fractionsById(fractions, withReplacement, 'sampleByKeyExact');
    const s = toSeed(seed, 'sampleByKeyExact');
    let counts: Map<unknown, number> | undefined;
    if (withReplacement) {
      counts = new Map();
      for (const [k, n] of this.countByKey()) counts.set(keyId(k), n);
    }
    const results = this.mapPartitionsWithIndex((i, items) => [
      acceptanceResults(items, i, withReplacement, rates, counts, s),
    ]).reduce(mergeAcceptanceResults);
    const sampler = exactStratifiedSampler<K, V>(withReplacement, rates, results, s);
    return new Rdd(new MapPartitionsRdd(this.#node, sampler, true, 'sampleByKeyExact'));
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

  /** Spark's alias of {@link cogroup}, always with the default partitioner. */
  groupWith<K, V, W>(this: Rdd<[K, V]>, other: Rdd<[K, W]>): Rdd<[K, [V[], W[]]]>;
  groupWith<K, V, W1, W2>(this: Rdd<[K, V]>, other1: Rdd<[K, W1]>, other2: Rdd<[K, W2]>): Rdd<[K, [V[], W1[], W2[]]]>;
  groupWith<K, V, W1, W2, W3>(
    this: Rdd<[K, V]>,
    other1: Rdd<[K, W1]>,
    other2: Rdd<[K, W2]>,
    other3: Rdd<[K, W3]>,
  ): Rdd<[K, [V[], W1[], W2[], W3[]]]>;
  groupWith<K>(this: Rdd<[K, unknown]>, ...others: Rdd<[K, unknown]>[]): Rdd<[K, unknown[][]]> {
    const nodes = [this.#node, ...others.map((o) => o.#node)];
    return new Rdd(new CoGroupedRdd<K>(nodes, defaultPartitioner(this.#node, nodes.slice(1))));
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
  /**
   * Merges the values of each key with `f` and returns the result to the caller as a Map, in Spark's
   * order (each partition reduced into a `java.util.HashMap`, the maps merged into the first).
   *
   * @throws EmptyDatasetError when the dataset has no partitions
   */
  reduceByKeyLocally<K, V>(this: Rdd<[K, V]>, f: (a: V, b: V) => V): Map<K, V> {
    const mergeInto = (map: JavaHashMap<K, V>, key: K, value: V): void => {
      const old = map.get(key);
      map.put(key, old == null ? value : f(old, value));
    };
    const reducePartition = (items: [K, V][]): JavaHashMap<K, V>[] => {
      const map = new JavaHashMap<K, V>();
      for (const [k, v] of requirePairs(items)) mergeInto(map, k, v);
      return [map];
    };
    const merged = this.mapPartitions(reducePartition).reduce((m1, m2) => {
      for (const [k, v] of m2.entries()) mergeInto(m1, k, v);
      return m1;
    });
    return new Map(merged.entries());
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

/** Spark's default for subtract and subtractByKey: a given count or partitioner, else the dataset's own placement. */
function resolveOwnPartitioner(partitioning: Partitioning | undefined, rdd: Rdd<unknown>): Partitioner {
  if (typeof partitioning === 'number') return new HashPartitioner(partitioning);
  return partitioning ?? rdd.partitioner ?? new HashPartitioner(rdd.numPartitions);
}

/** The fractions of sampleByKey by `keyId`, checked: >= 0, and > 0 with replacement (a Poisson mean). */
function fractionsById<K>(
  fractions: ReadonlyMap<K, number>,
  withReplacement: boolean,
  op: string,
): Map<unknown, number> {
  const byId = new Map<unknown, number>();
  for (const [k, f] of fractions) {
    if (!(f >= 0) || (withReplacement && f === 0)) {
      throw new InvalidArgumentError(
        `${op}: the fraction of key ${String(k)} must be ${withReplacement ? '> 0 with replacement' : '>= 0'}, got ${f}`,
      );
    }
    byId.set(keyId(k), f);
  }
  return byId;
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
