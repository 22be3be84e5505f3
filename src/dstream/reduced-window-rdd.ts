import { SluiceError } from '../core/index.ts';
import { type BatchContext, type Emit, type Partitioner, type Rdd, RddNode } from '../rdd/index.ts';

/** Computes one partition of a window, given the batches the window gains and loses since the previous one. */
export type WindowPartitionFn<K, V> = (
  split: number,
  old: readonly Rdd<[K, V]>[],
  fresh: readonly Rdd<[K, V]>[],
) => [K, V][];

/**
 * One window of `reduceByKeyAndWindow` with an inverse function. It holds the reduced batches leaving and
 * entering the window (not the previous window: the stream keeps the running state), works each
 * partition out once and keeps it; once every partition is out it lets go of the batches, so no chain of
 * earlier windows or batches stays reachable from a window.
 */
export class ReducedWindowRdd<K, V> extends RddNode<[K, V]> {
  readonly name: string;
  readonly numPartitions: number;
  readonly part: Partitioner;
  readonly #partition: WindowPartitionFn<K, V>;
  readonly #outputs: ([K, V][] | undefined)[];
  #pending: number;
  #old: readonly Rdd<[K, V]>[];
  #fresh: readonly Rdd<[K, V]>[];

  constructor(
    ctx: BatchContext,
    name: string,
    part: Partitioner,
    old: readonly Rdd<[K, V]>[],
    fresh: readonly Rdd<[K, V]>[],
    partition: WindowPartitionFn<K, V>,
  ) {
    super(ctx);
    this.name = name;
    this.part = part;
    this.numPartitions = part.numPartitions;
    this.#old = old;
    this.#fresh = fresh;
    this.#partition = partition;
    this.#outputs = new Array(part.numPartitions);
    this.#pending = part.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [...this.#old, ...this.#fresh].map((r) => r.node);
  }
  override get partitioner(): Partitioner {
    return this.part;
  }
  /** Partition `split` if it has been worked out already. */
  computedPartition(split: number): [K, V][] | undefined {
    return this.#outputs[split];
  }
  compute(split: number, emit: Emit<[K, V]>): void {
    let out = this.#outputs[split];
    if (out === undefined) {
      try {
        out = this.#partition(split, this.#old, this.#fresh);
      } catch (e) {
        throw e instanceof SluiceError ? e : this.fail(split, e);
      }
      this.#outputs[split] = out;
      if (--this.#pending === 0) {
        this.#old = [];
        this.#fresh = [];
      }
    }
    for (let i = 0; i < out.length; i++) emit(out[i]);
  }
}
