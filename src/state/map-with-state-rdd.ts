import type { Time } from '../core/index.ts';
import { type Emit, type Partitioner, RddNode } from '../rdd/index.ts';
import type { PartitionedState } from './partitioned-state.ts';
import { StateImpl } from './state.ts';
import type { StateSpec } from './state-spec.ts';
import type { StateStore, StateWriter } from './state-store.ts';

/** One partition of a batch of `mapWithState`: the store holding its state and the records the function returned. */
export interface StateBatch<K, S, M> {
  readonly store: StateStore<K, S>;
  /** The version of `store` that is this batch's state. */
  readonly version: number;
  readonly mapped: readonly M[];
}

/** A state dataset whose partitions can be committed to their stores ahead of being read. */
export interface CommittableRdd {
  commit(split: number): unknown;
}

/**
 * `mapWithState`'s dataset for one batch (Spark's `MapWithStateRDD`): one record per partition, made by
 * applying the batch's records of that partition to the partition's store as the next version. Each
 * partition is applied once; the previous batch's dataset and the inputs are let go once every partition
 * is, so datasets never chain back to older batches.
 */
export class MapWithStateRdd<K, V, S, M> extends RddNode<StateBatch<K, S, M>> {
  readonly name = 'mapWithState';
  readonly numPartitions: number;
  readonly state: PartitionedState<K, S>;
  readonly timeMs: number;
  readonly #spec: StateSpec<K, V, S, M> | undefined;
  #prev: CommittableRdd | undefined;
  #data: RddNode<[K, V]> | undefined;
  #initial: RddNode<[K, S]> | undefined;
  readonly #batches: (StateBatch<K, S, M> | undefined)[];
  #uncommitted: number;

  constructor(
    state: PartitionedState<K, S>,
    timeMs: number,
    prev: CommittableRdd | undefined,
    data: RddNode<[K, V]>,
    initial: RddNode<[K, S]> | undefined,
    spec: StateSpec<K, V, S, M> | undefined,
  ) {
    super(data.ctx);
    this.state = state;
    this.timeMs = timeMs;
    this.numPartitions = state.numPartitions;
    this.#prev = prev;
    this.#data = data;
    this.#initial = initial;
    this.#spec = spec;
    this.#batches = new Array(this.numPartitions).fill(undefined);
    this.#uncommitted = this.numPartitions;
  }

  get parents(): readonly RddNode<unknown>[] {
    return this.#data === undefined ? [] : [this.#data];
  }
  override get partitioner(): Partitioner {
    return this.state.partitioner;
  }

  compute(split: number, emit: Emit<StateBatch<K, S, M>>): void {
    emit(this.commit(split));
  }

  /** Applies this batch to partition `split`'s store, once; later calls return the same batch. */
  commit(split: number): StateBatch<K, S, M> {
    const done = this.#batches[split];
    if (done !== undefined) return done;
    this.#prev?.commit(split);
    // Inputs first, outside the update: their own failures are theirs, not this operation's.
    const items = this.#data?.collectPartition(split) ?? [];
    const initial = this.#initial?.collectPartition(split);
    const store = this.state.store(split);
    const mapped: M[] = [];
    const spec = this.#spec;
    if (spec !== undefined && (store.version === undefined || store.version < this.timeMs)) {
      try {
        store.update(this.timeMs, (w) => this.#apply(spec, w, items, initial, mapped));
      } catch (e) {
        throw this.fail(split, e);
      }
    }
    const batch: StateBatch<K, S, M> = { store, version: this.timeMs, mapped };
    this.#batches[split] = batch;
    if (--this.#uncommitted === 0) {
      this.#prev = undefined;
      this.#data = undefined;
      this.#initial = undefined;
      this.state.committed(this.timeMs);
    }
    return batch;
  }

  #apply(
    spec: StateSpec<K, V, S, M>,
    w: StateWriter<K, S>,
    items: readonly [K, V][],
    initial: readonly [K, S][] | undefined,
    mapped: M[],
  ): void {
    const time = this.timeMs as Time;
    if (initial !== undefined) for (const [key, s] of initial) w.put(key, s);
    const fn = spec.mappingFunction;
    const emitsUndefined = spec.emitsUndefined;
    const timeoutMs = spec.getTimeoutMs();
    const touchRefreshes = timeoutMs !== undefined;
    const state = new StateImpl<S>();
    for (let i = 0; i < items.length; i++) {
      const record = items[i];
      const key = record[0];
      const entry = w.get(key);
      if (entry === undefined) state.wrap(false, undefined);
      else state.wrap(true, entry.state);
      const out = fn(time, key, record[1], state);
      // As Spark: with a timeout, a key that got data counts as active even if its state was not updated.
      if (state.removed) w.remove(key);
      else if (state.updated || (touchRefreshes && state.exists())) w.put(key, state.get());
      if (out !== undefined || emitsUndefined) mapped.push(out as M);
    }
    if (timeoutMs !== undefined) {
      // Idle for longer than the timeout: last updated strictly before `time - timeout` (Spark's threshold).
      for (const entry of w.updatedBefore(this.timeMs - timeoutMs)) {
        state.wrapTimingOut(entry.state);
        const out = fn(time, entry.key, undefined, state);
        if (out !== undefined || emitsUndefined) mapped.push(out as M);
        w.remove(entry.key);
      }
    }
  }
}
