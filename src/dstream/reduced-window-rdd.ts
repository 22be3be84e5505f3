import { SluiceError } from '../core/index.ts';
import { type BatchContext, type Emit, type Partitioner, type Rdd, RddNode } from '../rdd/index.ts';
import type { CommittableRdd, PartitionedState, StateStore } from '../state/index.ts';

/**
 * Writes version `timeMs` of partition `split`'s store: the window moved on by the batches leaving and
 * entering it since the previous window (or however the stream must get there from the store's version).
 */
export type WindowStepFn<K, V> = (split: number, store: StateStore<K, V>) => void;

/**
 * One window of `reduceByKeyAndWindow` with an inverse function: version `timeMs` of the stream's state
 * stores, one per partition. Reading a partition first commits it — the previous window's partition,
 * then this slide's step, once — and then reads that version of the store lazily, so no window is ever
 * copied, and a window read after later slides still reads its own version (while it is remembered).
 * Its parents are the batches entering the window. Once every partition is committed the dataset lets
 * go of them, of its step and of the previous window, so no chain of earlier windows or batches stays
 * reachable from it.
 */
export class ReducedWindowRdd<K, V> extends RddNode<[K, V]> implements CommittableRdd {
  readonly name: string;
  readonly numPartitions: number;
  readonly state: PartitionedState<K, V>;
  readonly timeMs: number;
  #step: WindowStepFn<K, V> | undefined;
  #prev: CommittableRdd | undefined;
  #fresh: readonly Rdd<[K, V]>[];
  readonly #committed: boolean[];
  #uncommitted: number;

  /** Without `step`, the dataset of a version already in the stores (restored). */
  constructor(
    ctx: BatchContext,
    name: string,
    state: PartitionedState<K, V>,
    timeMs: number,
    prev: CommittableRdd | undefined,
    fresh: readonly Rdd<[K, V]>[],
    step: WindowStepFn<K, V> | undefined,
  ) {
    super(ctx);
    this.name = name;
    this.state = state;
    this.timeMs = timeMs;
    this.numPartitions = state.numPartitions;
    this.#prev = prev;
    this.#fresh = fresh;
    this.#step = step;
    this.#committed = new Array(this.numPartitions).fill(false);
    this.#uncommitted = this.numPartitions;
  }

  get parents(): readonly RddNode<unknown>[] {
    return this.#fresh.map((r) => r.node);
  }
  override get partitioner(): Partitioner {
    return this.state.partitioner;
  }

  compute(split: number, emit: Emit<[K, V]>): void {
    this.commit(split);
    for (const e of this.state.store(split).entries(this.timeMs)) emit([e.key, e.state]);
  }

  /** The keys of partition `split` in this window: the store's size while this is its latest version. */
  override countPartition(split: number): number {
    this.commit(split);
    const store = this.state.store(split);
    if (store.version === this.timeMs) return store.size;
    let n = 0;
    for (const _ of store.entries(this.timeMs)) n++;
    return n;
  }

  /** Writes this window's version of partition `split`, once (after the previous window's). */
  commit(split: number): void {
    if (this.#committed[split]) return;
    this.#prev?.commit(split);
    const step = this.#step;
    if (step !== undefined) {
      try {
        step(split, this.state.store(split));
      } catch (e) {
        throw e instanceof SluiceError ? e : this.fail(split, e);
      }
    }
    this.#committed[split] = true;
    if (--this.#uncommitted === 0) {
      this.#prev = undefined;
      this.#fresh = [];
      this.#step = undefined;
      this.state.committed(this.timeMs);
    }
  }
}
