import { InvalidArgumentError } from '../core/index.ts';
import { EmptyRdd } from './empty-rdd.ts';
import { ParallelCollectionRdd } from './parallel-collection-rdd.ts';
import { PartitionerAwareUnionRdd } from './partitioner-aware-union-rdd.ts';
import { Rdd } from './rdd.ts';
import { UnionRdd } from './union-rdd.ts';

export interface BatchContextOptions {
  /**
   * Partitions of a shuffle when no partitioner or count is given. When unset, dataset operations use the
   * largest partition count of their inputs, as Spark does when `spark.default.parallelism` is unset, and
   * {@link BatchContext.defaultParallelism} reads 2.
   */
  defaultParallelism?: number;
}

/**
 * The batch-level context (Spark's `SparkContext`): makes datasets from local data and unions of
 * datasets. Reachable from a `StreamingContext`, every `DStream` and every `Rdd`.
 *
 * @example
 * const sc = new BatchContext();
 * sc.parallelize([1, 2, 3, 4], 2).map((x) => x * 2).collect(); // [2, 4, 6, 8]
 */
export class BatchContext {
  readonly defaultParallelism: number;
  /** Whether `defaultParallelism` was given, which changes how dataset operations pick partition counts. */
  readonly defaultParallelismIsSet: boolean;
  /** @internal The operation creating datasets right now (a DStream while it computes a batch). */
  currentScope: string | undefined;
  #nextRddId = 0;

  constructor(options: BatchContextOptions = {}) {
    const p = options.defaultParallelism;
    if (p !== undefined && (!Number.isInteger(p) || p < 1)) {
      throw new InvalidArgumentError(`defaultParallelism must be a whole number >= 1, got ${p}`);
    }
    this.defaultParallelism = p ?? 2;
    this.defaultParallelismIsSet = p !== undefined;
  }

  /** @internal */
  newRddId(): number {
    return this.#nextRddId++;
  }

  /**
   * @internal Runs `fn(arg)` with datasets it creates attributed to `scope` (for error messages). The
   * argument lets a caller on the per-batch path pass a function made once, not a closure per call.
   */
  withScope<R, A = undefined>(scope: string, fn: (arg: A) => R, arg?: A): R {
    const previous = this.currentScope;
    this.currentScope = scope;
    try {
      return fn(arg as A);
    } finally {
      this.currentScope = previous;
    }
  }

  /** A dataset of `data` cut into `numSlices` contiguous slices (Spark's slicing). */
  parallelize<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): Rdd<T> {
    const array = Array.isArray(data) ? (data as T[]) : [...data];
    return new Rdd(new ParallelCollectionRdd(this, array, numSlices));
  }

  /** Spark's alias of {@link parallelize}. */
  makeRDD<T>(data: Iterable<T>, numSlices: number = this.defaultParallelism): Rdd<T> {
    return this.parallelize(data, numSlices);
  }

  /** The numbers `start`, `start + step`, … below `end`, as a dataset. */
  range(start: number, end: number, step = 1, numSlices: number = this.defaultParallelism): Rdd<number> {
    if (step === 0) throw new InvalidArgumentError('range: step must not be 0');
    const values: number[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) values.push(x);
    return this.parallelize(values, numSlices);
  }

  /**
   * All records of `rdds`. When every input has the same partitioner, partition i of the result is the
   * union of their partitions i and the partitioner is kept; otherwise partitions are concatenated.
   */
  union<T>(rdds: readonly Rdd<T>[]): Rdd<T> {
    // As Spark, inputs without partitions are dropped first, so they never spoil a shared partitioner.
    const nodes = rdds.map((r) => r.node).filter((n) => n.numPartitions > 0);
    if (nodes.length === 0) return this.emptyRDD();
    const first = nodes[0].partitioner;
    const samePartitioner = first !== undefined && nodes.every((n) => first.equals(n.partitioner));
    return new Rdd(samePartitioner ? new PartitionerAwareUnionRdd(this, nodes) : new UnionRdd(this, nodes));
  }

  /** A dataset with no partitions and no records. */
  emptyRDD<T>(): Rdd<T> {
    return new Rdd(new EmptyRdd<T>(this));
  }
}
