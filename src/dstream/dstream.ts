// The public face of a stream: each operation is a one-line factory over a kind (one file each, under
// this folder) or a composition of operations, as Spark builds count, reduce and joins. Behaviour lives
// in the kinds; this file stays a table of the API.
import {
  IllegalStateError,
  InvalidArgumentError,
  requirePositiveDuration,
  type Time,
  Time as TimeOps,
} from '../core/index.ts';
import { type BatchContext, HashPartitioner, type Partitioner, type Partitioning, type Rdd } from '../rdd/index.ts';
import type { StateBatch, StateSpec, UpdateFunction } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { FilteredDStream } from './filtered-dstream.ts';
import { FlatMapValuedDStream } from './flat-map-valued-dstream.ts';
import { FlatMappedDStream } from './flat-mapped-dstream.ts';
import { ForEachDStream } from './for-each-dstream.ts';
import { GlommedDStream } from './glommed-dstream.ts';
import { InternalMapWithStateDStream } from './internal-map-with-state-dstream.ts';
import { MapPartitionedDStream } from './map-partitioned-dstream.ts';
import { MapValuedDStream } from './map-valued-dstream.ts';
import { MappedDStream } from './mapped-dstream.ts';
import type { OutputOperation } from './output-operation.ts';
import { printBatch } from './print-batch.ts';
import { ReducedWindowedDStream } from './reduced-windowed-dstream.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { StateDStream, type UpdateStateByKeyOptions, type UpdateStateByPartitionOptions } from './state-dstream.ts';
import type { StreamingContextApi } from './streaming-context-api.ts';
import { TransformedDStream } from './transformed-dstream.ts';
import { UnionDStream } from './union-dstream.ts';
import { WindowedDStream } from './windowed-dstream.ts';

/**
 * A stream of datasets, one per batch interval (Spark's `DStream`). Operations build new streams and run
 * nothing until the context starts; output operations (`foreachRDD`, `print`, `saveAsTextFiles`) make
 * the batches run. Key-value operations apply to streams of `[key, value]` pairs only.
 *
 * @example
 * ssc.queueStream([sc.parallelize(['a b', 'b'])])
 *   .flatMap((line) => line.split(' '))
 *   .map((w): [string, number] => [w, 1])
 *   .reduceByKey((a, b) => a + b)
 *   .print();
 */
const add = (a: number, b: number): number => a + b;
const subtract = (a: number, b: number): number => a - b;

export class DStream<T> {
  /** @internal The node behind this stream. */
  readonly node: DStreamNode<T>;

  constructor(node: DStreamNode<T>) {
    this.node = node;
  }

  get id(): number {
    return this.node.id;
  }
  get slideDurationMs(): number {
    return this.node.slideDurationMs;
  }
  /** The batch-level context (Spark's `SparkContext`) datasets of this stream belong to. */
  get batchContext(): BatchContext {
    return this.node.batchContext;
  }
  /** The streaming context this stream belongs to (Spark's `dstream.context`). */
  get context(): StreamingContextApi {
    return this.node.graph.owner;
  }
  toString(): string {
    return `DStream ${this.node.describe()}`;
  }

  // ---- transformations ----
  map<U>(f: (x: T) => U): DStream<U> {
    return new DStream(new MappedDStream(this.node, f));
  }
  flatMap<U>(f: (x: T) => Iterable<U>): DStream<U> {
    return new DStream(new FlatMappedDStream(this.node, f));
  }
  filter(predicate: (x: T) => boolean): DStream<T> {
    return new DStream(new FilteredDStream(this.node, predicate));
  }
  /** Each partition of each batch as one array. */
  glom(): DStream<T[]> {
    return new DStream(new GlommedDStream(this.node));
  }
  /** A function over each whole partition (given as an array; Spark gives an iterator). */
  mapPartitions<U>(f: (items: T[]) => Iterable<U>, preservePartitioning = false): DStream<U> {
    return new DStream(new MapPartitionedDStream(this.node, f, preservePartitioning));
  }
  /** Each batch spread evenly over exactly `numPartitions` partitions. */
  repartition(numPartitions: number): DStream<T> {
    return this.transform((rdd) => rdd.repartition(numPartitions));
  }
  union(other: DStream<T>): DStream<T> {
    return new DStream(new UnionDStream([this.node, other.node]));
  }
  /** One record per batch: the number of records in it (0 for an empty batch). */
  count(): DStream<number> {
    return this.map((): [null, number] => [null, 1])
      .transform((rdd) => rdd.union(rdd.context.makeRDD<[null, number]>([[null, 0]], 1)))
      .reduceByKey((a, b) => a + b)
      .map((p) => p[1]);
  }
  /** `[record, occurrences]` for each distinct record of each batch. */
  countByValue(numPartitions?: number): DStream<[T, number]> {
    return this.map((x): [T, number] => [x, 1]).#combineByKey((v) => v, add, add, numPartitions, true, 'countByValue');
  }
  /** One record per non-empty batch: all its records merged with `f`. */
  reduce(f: (a: T, b: T) => T): DStream<T> {
    return this.map((x): [null, T] => [null, x])
      .#combineByKey((v) => v, f, f, 1, true, 'reduce')
      .map((p) => p[1]);
  }
  /** Any dataset-to-dataset function, applied to each batch. */
  transform<U>(f: (rdd: Rdd<T>, time: Time) => Rdd<U>): DStream<U> {
    return new DStream(new TransformedDStream<U>([this.node], (rdds, time) => f(rdds[0] as Rdd<T>, time), 'transform'));
  }
  /** A function of this stream's and `other`'s datasets at each batch time. */
  transformWith<U, V>(other: DStream<U>, f: (rdd: Rdd<T>, other: Rdd<U>, time: Time) => Rdd<V>): DStream<V> {
    return new DStream(
      new TransformedDStream<V>(
        [this.node, other.node as DStreamNode<unknown>],
        (rdds, time) => f(rdds[0] as Rdd<T>, rdds[1] as Rdd<U>, time),
        'transformWith',
      ),
    );
  }
  /** Every record of the last `windowMs`, every `slideMs` (default: this stream's slide). */
  window(windowMs: number, slideMs: number = this.node.slideDurationMs): DStream<T> {
    return new DStream(new WindowedDStream(this.node, windowMs, slideMs));
  }
  /**
   * One record per window: all records of the last `windowMs` merged with `f`, every `slideMs` (Spark's
   * `reduceByWindow`). With an inverse function `invF` (`invF(f(a, b), b) = a`) each window is the
   * previous one plus the batches entering it, minus those leaving it, and the stream must be
   * checkpointed; a window that no record ever entered gives no record, one whose records all left gives
   * what `invF` leaves.
   * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
   */
  reduceByWindow(f: (a: T, b: T) => T, windowMs: number, slideMs: number): DStream<T>;
  reduceByWindow(f: (a: T, b: T) => T, invF: (a: T, b: T) => T, windowMs: number, slideMs: number): DStream<T>;
  reduceByWindow(
    f: (a: T, b: T) => T,
    invOrWindow: ((a: T, b: T) => T) | number,
    windowOrSlide: number,
    slide?: number,
  ): DStream<T> {
    if (typeof invOrWindow !== 'function') {
      this.#requireWindow('reduceByWindow', invOrWindow, windowOrSlide);
      return this.reduce(f).window(invOrWindow, windowOrSlide).reduce(f);
    }
    this.#requireWindow('reduceByWindow', windowOrSlide, slide as number);
    return this.#reduceByWindowInverse(f, invOrWindow, windowOrSlide, slide as number, 'reduceByWindow');
  }
  /**
   * The number of records in the last `windowMs`, every `slideMs` (Spark's `countByWindow`). Built on the
   * inverse `reduceByWindow`, so the stream must be checkpointed, and a window after records have been
   * seen counts 0 rather than giving no record.
   * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
   */
  countByWindow(windowMs: number, slideMs: number): DStream<number> {
    this.#requireWindow('countByWindow', windowMs, slideMs);
    return this.map(() => 1).#reduceByWindowInverse(add, subtract, windowMs, slideMs, 'countByWindow');
  }
  /**
   * `[record, occurrences]` for each distinct record of the last `windowMs`, every `slideMs` (Spark's
   * `countByValueAndWindow`): an inverse reduce whose records of count 0 are dropped. Must be checkpointed.
   * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
   */
  countByValueAndWindow(
    windowMs: number,
    slideMs: number = this.node.slideDurationMs,
    partitioning?: Partitioning,
  ): DStream<[T, number]> {
    this.#requireWindow('countByValueAndWindow', windowMs, slideMs);
    return this.map((x): [T, number] => [x, 1]).#reducedWindow(
      add,
      subtract,
      windowMs,
      slideMs,
      this.#partitioner(partitioning),
      (p) => p[1] !== 0,
      'countByValueAndWindow',
    );
  }
  /** The datasets of every batch time in [fromTime, toTime] (aligned down to the slide). */
  slice(fromTime: number, toTime: number): Rdd<T>[] {
    return this.node.slice(fromTime, toTime);
  }
  /** Keep computed partitions of each batch, for streams read by several operations. */
  persist(): this {
    this.node.persisted = true;
    return this;
  }
  cache(): this {
    return this.persist();
  }
  /**
   * Checkpoint this stream's data every `intervalMs` (a multiple of its slide); needs `ssc.checkpoint(dir)`.
   * @throws IllegalStateError after the context has started
   * @throws InvalidDurationError when `intervalMs` is not a positive whole number
   */
  checkpoint(intervalMs: number): this {
    if (this.node.isInitialized) {
      throw new IllegalStateError(
        `cannot change the checkpoint interval of ${this.node.describe()} after the context has started`,
      );
    }
    this.node.checkpointDurationMs = requirePositiveDuration('checkpoint interval', intervalMs);
    return this.persist();
  }

  // ---- key-value transformations ----
  mapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => W): DStream<[K, W]> {
    return new DStream(new MapValuedDStream(this.node, f));
  }
  flatMapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => Iterable<W>): DStream<[K, W]> {
    return new DStream(new FlatMapValuedDStream(this.node, f));
  }
  /** Per batch, the values of each key merged with `f` (into `defaultParallelism` partitions unless given). */
  reduceByKey<K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, partitioning?: Partitioning): DStream<[K, V]> {
    return this.#combineByKey((v) => v, f, f, partitioning, true, 'reduceByKey');
  }
  /** Per batch, all values of each key. */
  groupByKey<K, V>(this: DStream<[K, V]>, partitioning?: Partitioning): DStream<[K, V[]]> {
    const append = (c: V[], v: V): V[] => {
      c.push(v);
      return c;
    };
    return this.#combineByKey(
      (v) => [v],
      append,
      (a, b) => a.concat(b),
      partitioning,
      true,
      'groupByKey',
    );
  }
  combineByKey<K, V, C>(
    this: DStream<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioning?: Partitioning,
    mapSideCombine = true,
  ): DStream<[K, C]> {
    return this.#combineByKey(createCombiner, mergeValue, mergeCombiners, partitioning, mapSideCombine, 'combineByKey');
  }
  #combineByKey<K, V, C>(
    this: DStream<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioning: Partitioning | undefined,
    mapSideCombine: boolean,
    name: string,
  ): DStream<[K, C]> {
    const part = this.#partitioner(partitioning);
    return new DStream(
      new ShuffledDStream(this.node, createCombiner, mergeValue, mergeCombiners, part, mapSideCombine, name),
    );
  }
  /**
   * Per window of `windowMs`, every `slideMs` (default: this stream's slide), the values of each key merged
   * with `f` (Spark's `reduceByKeyAndWindow`): each batch is reduced, then the window's batches.
   *
   * With an inverse function `invF` (`invF(f(a, b), b) = a`) each window is instead the previous window
   * plus the batches entering it, minus those leaving it: a slide costs work for the keys of those batches
   * only, and the stream must be checkpointed. A key whose values have all left the window stays, with
   * the value `invF` leaves (0 for counts), unless `filterF` drops it; `filterF` must keep every key that
   * still has values in the window.
   * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
   */
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    windowMs: number,
    slideMs?: number,
    partitioning?: Partitioning,
  ): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    invF: (a: V, b: V) => V,
    windowMs: number,
    slideMs?: number,
    partitioning?: Partitioning,
    filterF?: (record: [K, V]) => boolean,
  ): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    ...rest:
      | [number, number?, Partitioning?]
      | [(a: V, b: V) => V, number, number?, Partitioning?, ((record: [K, V]) => boolean)?]
  ): DStream<[K, V]> {
    const slide = this.node.slideDurationMs;
    if (typeof rest[0] === 'function') {
      const [invF, windowMs, slideMs = slide, partitioning, filterF] = rest as [
        (a: V, b: V) => V,
        number,
        number?,
        Partitioning?,
        ((record: [K, V]) => boolean)?,
      ];
      this.#requireWindow('reduceByKeyAndWindow', windowMs, slideMs);
      return this.#reducedWindow(
        f,
        invF,
        windowMs,
        slideMs,
        this.#partitioner(partitioning),
        filterF,
        'reduceByKeyAndWindow',
      );
    }
    if (typeof rest[0] !== 'number') {
      throw new InvalidArgumentError(
        `reduceByKeyAndWindow: the second argument must be the window duration in ms or the inverse function, got ${String(rest[0])}`,
      );
    }
    const [windowMs, slideMs = slide, partitioning] = rest as [number, number?, Partitioning?];
    this.#requireWindow('reduceByKeyAndWindow', windowMs, slideMs);
    const part = this.#partitioner(partitioning);
    return this.reduceByKey(f, part).window(windowMs, slideMs).reduceByKey(f, part);
  }
  /**
   * Per window of `windowMs`, every `slideMs` (default: this stream's slide), all values of each key
   * (Spark's `groupByKeyAndWindow`): each batch is grouped, then the window's groups are concatenated.
   * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
   */
  groupByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    windowMs: number,
    slideMs: number = this.node.slideDurationMs,
    partitioning?: Partitioning,
  ): DStream<[K, V[]]> {
    this.#requireWindow('groupByKeyAndWindow', windowMs, slideMs);
    const part = this.#partitioner(partitioning);
    const appendAll = (buffer: V[], values: V[]): V[] => {
      for (const v of values) buffer.push(v);
      return buffer;
    };
    return this.groupByKey(part)
      .window(windowMs, slideMs)
      .#combineByKey((values) => [...values], appendAll, appendAll, part, true, 'groupByKeyAndWindow');
  }
  partitionBy<K, V>(this: DStream<[K, V]>, partitioner: Partitioner): DStream<[K, V]> {
    return this.transform((rdd) => rdd.partitionBy(partitioner));
  }
  join<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitioning?: Partitioning): DStream<[K, [V, W]]> {
    const part = this.#partitioner(partitioning);
    return this.#combineWith(other, (a, b) => a.join(b, part), 'join');
  }
  leftOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitioning?: Partitioning,
  ): DStream<[K, [V, W | undefined]]> {
    const part = this.#partitioner(partitioning);
    return this.#combineWith(other, (a, b) => a.leftOuterJoin(b, part), 'leftOuterJoin');
  }
  rightOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitioning?: Partitioning,
  ): DStream<[K, [V | undefined, W]]> {
    const part = this.#partitioner(partitioning);
    return this.#combineWith(other, (a, b) => a.rightOuterJoin(b, part), 'rightOuterJoin');
  }
  fullOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitioning?: Partitioning,
  ): DStream<[K, [V | undefined, W | undefined]]> {
    const part = this.#partitioner(partitioning);
    return this.#combineWith(other, (a, b) => a.fullOuterJoin(b, part), 'fullOuterJoin');
  }
  cogroup<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitioning?: Partitioning,
  ): DStream<[K, [V[], W[]]]> {
    const part = this.#partitioner(partitioning);
    return this.#combineWith(other, (a, b) => a.cogroup(b, part), 'cogroup');
  }

  /**
   * A stream of each key's state, updated every batch by `updateFunc(values, state, key, time)` from the
   * key's values in the batch (Spark's `updateStateByKey`); every key is updated at every batch, even
   * with no values, and returning `undefined` removes the key. Pass a partition count or partitioner, or
   * options (partitioning, rememberPartitioner, initialRDD, stateStore); for Spark's iterator form pass
   * options with `updatePartition`. Needs `ssc.checkpoint(dir)`.
   * @throws InvalidArgumentError when no update function is given
   */
  updateStateByKey<K, V, S>(
    this: DStream<[K, V]>,
    updateFunc: UpdateFunction<K, V, S>,
    options?: Partitioning | UpdateStateByKeyOptions<K, S>,
  ): DStream<[K, S]>;
  updateStateByKey<K, V, S>(this: DStream<[K, V]>, options: UpdateStateByPartitionOptions<K, V, S>): DStream<[K, S]>;
  updateStateByKey<K, V, S>(
    this: DStream<[K, V]>,
    fnOrOptions: UpdateFunction<K, V, S> | UpdateStateByPartitionOptions<K, V, S>,
    options?: Partitioning | UpdateStateByKeyOptions<K, S>,
  ): DStream<[K, S]> {
    const byPartition = typeof fnOrOptions === 'object' && fnOrOptions !== null ? fnOrOptions : undefined;
    const opts: UpdateStateByKeyOptions<K, S> =
      byPartition ??
      (typeof options === 'object' && !('getPartition' in options) ? options : { partitioning: options });
    const update = byPartition === undefined ? { perKey: fnOrOptions } : { perPartition: byPartition.updatePartition };
    const fn = 'perKey' in update ? update.perKey : update.perPartition;
    if (typeof fn !== 'function') {
      throw new InvalidArgumentError(`updateStateByKey needs an update function, got ${String(fn)}`);
    }
    return new DStream(
      new StateDStream(
        this.node,
        update as { perKey: UpdateFunction<K, V, S> },
        this.#partitioner(opts.partitioning),
        opts.rememberPartitioner ?? true,
        opts.initialRDD,
        opts.stateStore,
      ),
    );
  }
  /**
   * Spark's `mapWithState`: `spec`'s function sees each record with its key's {@link State} and returns
   * the records of the resulting stream; `stateSnapshots()` on the result gives the whole state after
   * each batch. Needs `ssc.checkpoint(dir)`.
   */
  mapWithState<K, V, S, M>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, M>): MapWithStateDStream<K, V, S, M> {
    return new MapWithStateDStream(new InternalMapWithStateDStream(this.node, spec));
  }

  // ---- output operations ----
  /**
   * Runs `f` on each batch's dataset, in batch order; a returned promise is awaited before the next job.
   * `output` gives the operation's id and a hook run when the context stops (a sink closes its pool there).
   */
  foreachRDD(f: (rdd: Rdd<T>, time: Time, output: OutputOperation) => void | Promise<void>): void {
    new ForEachDStream(this.node, f, 'foreachRDD');
  }
  /** Prints the first `num` records of each batch under a header with the batch time, as Spark does. */
  print(num = 10): void {
    const out = this.node.graph.stdout;
    new ForEachDStream(this.node, (rdd, time) => printBatch(out, rdd.take(num + 1), num, time), 'print');
  }
  /** Writes each batch to the directory `prefix-<time ms>[.suffix]`, atomically (see `Rdd.saveAsTextFile`). */
  saveAsTextFiles(prefix: string, suffix = ''): void {
    new ForEachDStream(
      this.node,
      (rdd, time) => rdd.saveAsTextFile(`${prefix}-${TimeOps.of(time)}${suffix === '' ? '' : `.${suffix}`}`),
      'saveAsTextFiles',
    );
  }

  #combineWith<U, V>(other: DStream<U>, f: (a: Rdd<T>, b: Rdd<U>) => Rdd<V>, name: string): DStream<V> {
    return new DStream(
      new TransformedDStream<V>(
        [this.node, other.node as DStreamNode<unknown>],
        (rdds) => f(rdds[0] as Rdd<T>, rdds[1] as Rdd<U>),
        name,
      ),
    );
  }

  #reducedWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    invF: (a: V, b: V) => V,
    windowMs: number,
    slideMs: number,
    partitioner: Partitioner,
    filter: ((record: [K, V]) => boolean) | undefined,
    name: string,
  ): DStream<[K, V]> {
    const fns = { reduce: f, invReduce: invF, filter };
    return new DStream(new ReducedWindowedDStream(this.node, fns, windowMs, slideMs, partitioner, name));
  }

  #reduceByWindowInverse(
    f: (a: T, b: T) => T,
    invF: (a: T, b: T) => T,
    windowMs: number,
    slideMs: number,
    name: string,
  ): DStream<T> {
    return this.map((x): [number, T] => [1, x])
      .#reducedWindow(f, invF, windowMs, slideMs, new HashPartitioner(1), undefined, name)
      .map((p) => p[1]);
  }

  /** Window and slide of a windowed operation must be multiples of this stream's slide, as in Spark. */
  #requireWindow(operation: string, windowMs: number, slideMs: number): void {
    const self = `${operation}(${windowMs}, ${slideMs})`;
    this.node.requireMultipleOfSlide('window duration', windowMs, self);
    this.node.requireMultipleOfSlide('slide duration', slideMs, self);
  }

  #partitioner(partitioning: Partitioning | undefined): Partitioner {
    if (partitioning === undefined) return new HashPartitioner(this.batchContext.defaultParallelism);
    return typeof partitioning === 'number' ? new HashPartitioner(partitioning) : partitioning;
  }
}

/**
 * The stream `mapWithState` returns (Spark's `MapWithStateDStream`): the records the mapping function
 * returned, batch by batch, and through {@link stateSnapshots} the state of every key after each batch.
 */
export class MapWithStateDStream<K, V, S, M> extends DStream<M> {
  readonly #state: InternalMapWithStateDStream<K, V, S, M>;

  /** @internal */
  constructor(state: InternalMapWithStateDStream<K, V, S, M>) {
    super(
      new TransformedDStream<M>(
        [state as DStreamNode<unknown>],
        (rdds) => (rdds[0] as Rdd<StateBatch<K, S, M>>).flatMap((batch) => batch.mapped),
        'mapWithState',
      ),
    );
    this.#state = state;
  }

  /** `[key, state]` for every key that has state after each batch. */
  stateSnapshots(): DStream<[K, S]> {
    return new DStream(
      new TransformedDStream<[K, S]>(
        [this.#state as DStreamNode<unknown>],
        (rdds) => (rdds[0] as Rdd<StateBatch<K, S, M>>).flatMap(snapshotPairs),
        'stateSnapshots',
      ),
    );
  }

  /** Checkpoints the state (as Spark, the interval goes to the state stream, not to the mapped records). */
  override checkpoint(intervalMs: number): this {
    new DStream(this.#state).checkpoint(intervalMs);
    return this;
  }
}

function snapshotPairs<K, S, M>(batch: StateBatch<K, S, M>): [K, S][] {
  const out: [K, S][] = [];
  for (const e of batch.store.entries(batch.version)) out.push([e.key, e.state]);
  return out;
}
