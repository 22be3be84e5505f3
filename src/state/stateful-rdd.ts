import { type BatchContext, RddNode } from '../rdd/index.ts';
import type { PartitionedState } from './partitioned-state.ts';
import type { StateStore, StateWriter } from './state-store.ts';

/** A state dataset whose partitions can be committed to their stores ahead of being read. */
export interface CommittableRdd {
  commit(split: number): unknown;
}

/**
 * The shared part of the datasets that apply one batch to a stream's state stores (Spark's
 * `MapWithStateRDD` and `StateDStream` datasets): each partition commits the previous batch's partition
 * first, then applies this batch to its store as the next version, once. Once every partition is
 * committed, the dataset lets go of the previous batch and of its inputs, so datasets never chain back to
 * older batches. A kind supplies only the per-batch step ({@link apply}) and what a partition's commit
 * gives its readers ({@link partitionResult}).
 *
 * @typeParam F - the operation's function; without one the dataset is of a version already in the stores.
 * @typeParam R - what committing a partition returns, the same each time.
 */
export abstract class StatefulRdd<T, K, V, S, F, R extends object> extends RddNode<T> implements CommittableRdd {
  readonly numPartitions: number;
  readonly state: PartitionedState<K, S>;
  readonly timeMs: number;
  readonly #fn: F | undefined;
  #prev: CommittableRdd | undefined;
  #data: RddNode<[K, V]> | undefined;
  #initial: RddNode<[K, S]> | undefined;
  readonly #results: (R | undefined)[];
  #uncommitted: number;

  constructor(
    ctx: BatchContext,
    state: PartitionedState<K, S>,
    timeMs: number,
    prev: CommittableRdd | undefined,
    data: RddNode<[K, V]> | undefined,
    initial: RddNode<[K, S]> | undefined,
    fn: F | undefined,
  ) {
    super(ctx);
    this.state = state;
    this.timeMs = timeMs;
    this.numPartitions = state.numPartitions;
    this.#prev = prev;
    this.#data = data;
    this.#initial = initial;
    this.#fn = fn;
    this.#results = new Array(this.numPartitions).fill(undefined);
    this.#uncommitted = this.numPartitions;
  }

  /** What committing partition `split` gives its readers, made before the store is updated. */
  protected abstract partitionResult(store: StateStore<K, S>): R;

  /** Writes this batch's version through `w`: the initial state (first batch only), then this batch's `items`. */
  protected abstract apply(
    fn: F,
    w: StateWriter<K, S>,
    items: readonly [K, V][],
    initial: readonly [K, S][] | undefined,
    result: R,
  ): void;

  get parents(): readonly RddNode<unknown>[] {
    return this.#data === undefined ? [] : [this.#data];
  }

  /** Applies this batch to partition `split`'s store, once; later calls return the same result. */
  commit(split: number): R {
    const done = this.#results[split];
    if (done !== undefined) return done;
    this.#prev?.commit(split);
    // Inputs first, outside the update: their own failures are theirs, not this operation's.
    const items = this.#data?.collectPartition(split) ?? [];
    const initial = this.#initial?.collectPartition(split);
    const store = this.state.store(split);
    const result = this.partitionResult(store);
    const fn = this.#fn;
    if (fn !== undefined && (store.version === undefined || store.version < this.timeMs)) {
      try {
        store.update(this.timeMs, (w) => this.apply(fn, w, items, initial, result));
      } catch (e) {
        throw this.fail(split, e);
      }
    }
    this.#results[split] = result;
    if (--this.#uncommitted === 0) {
      this.#prev = undefined;
      this.#data = undefined;
      this.#initial = undefined;
      this.state.committed(this.timeMs);
    }
    return result;
  }
}
