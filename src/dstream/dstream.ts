// The public face of a stream: each operation is a one-line factory over a kind (one file each, under
// this folder) or a composition of operations, as Spark builds count, reduce and joins. Behaviour lives
// in the kinds; this file stays a table of the API. The key-value, window-aggregation and keyed-state
// operations are declared and written in `pair-dstream-functions.ts`, `window-dstream-functions.ts` and
// `state-dstream-functions.ts`, and attached to the class at the end of this file.
import { IllegalStateError, requirePositiveDuration, type Time, Time as TimeOps } from '../core/index.ts';
import type { BatchContext, Rdd } from '../rdd/index.ts';
import type { StateBatch } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { FilteredDStream } from './filtered-dstream.ts';
import { FlatMappedDStream } from './flat-mapped-dstream.ts';
import { ForEachDStream } from './for-each-dstream.ts';
import { GlommedDStream } from './glommed-dstream.ts';
import type { InternalMapWithStateDStream } from './internal-map-with-state-dstream.ts';
import { MapPartitionedDStream } from './map-partitioned-dstream.ts';
import { MappedDStream } from './mapped-dstream.ts';
import type { OutputOperation } from './output-operation.ts';
import { pairDStreamFunctions } from './pair-dstream-functions.ts';
import { partitionerFor } from './partitioner-for.ts';
import { printBatch } from './print-batch.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { stateDStreamFunctions } from './state-dstream-functions.ts';
import type { StreamingContextApi } from './streaming-context-api.ts';
import { TransformedDStream } from './transformed-dstream.ts';
import { UnionDStream } from './union-dstream.ts';
import { windowDStreamFunctions } from './window-dstream-functions.ts';
import { WindowedDStream } from './windowed-dstream.ts';

const add = (a: number, b: number): number => a + b;

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
    const pairs = this.map((x): [T, number] => [x, 1]);
    const part = partitionerFor(this.node, numPartitions);
    return new DStream(new ShuffledDStream(pairs.node, (v) => v, add, add, part, true, 'countByValue'));
  }
  /** One record per non-empty batch: all its records merged with `f`. */
  reduce(f: (a: T, b: T) => T): DStream<T> {
    const keyed = this.map((x): [null, T] => [null, x]);
    const part = partitionerFor(this.node, 1);
    return new DStream(new ShuffledDStream(keyed.node, (v) => v, f, f, part, true, 'reduce')).map((p) => p[1]);
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

// The key-value, window and state operations are declared on DStream by their own modules (Spark keeps
// the key-value ones apart too, in PairDStreamFunctions) and attached here, after both classes exist, so
// those modules import the classes as types only and no import cycle forms. Attached as class methods
// are defined: not enumerable.
for (const operations of [
  pairDStreamFunctions(DStream),
  windowDStreamFunctions(DStream),
  stateDStreamFunctions(DStream, MapWithStateDStream),
]) {
  for (const [name, method] of Object.entries(operations)) {
    Object.defineProperty(DStream.prototype, name, { value: method, writable: true, configurable: true });
  }
}
