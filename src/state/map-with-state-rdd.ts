import type { Time } from '../core/index.ts';
import type { Emit, Partitioner, RddNode } from '../rdd/index.ts';
import type { PartitionedState } from './partitioned-state.ts';
import { StateImpl } from './state.ts';
import type { StateSpec } from './state-spec.ts';
import type { StateStore, StateWriter } from './state-store.ts';
import { type CommittableRdd, StatefulRdd } from './stateful-rdd.ts';

/** One partition of a batch of `mapWithState`: the store holding its state and the records the function returned. */
export interface StateBatch<K, S, M> {
  readonly store: StateStore<K, S>;
  /** The version of `store` that is this batch's state. */
  readonly version: number;
  readonly mapped: readonly M[];
}

/** A {@link StateBatch} while its records are added. */
interface WritableBatch<K, S, M> extends StateBatch<K, S, M> {
  readonly mapped: M[];
}

/**
 * `mapWithState`'s dataset for one batch (Spark's `MapWithStateRDD`): one record per partition, made by
 * applying the batch's records of that partition to the partition's store as the next version, once.
 */
export class MapWithStateRdd<K, V, S, M> extends StatefulRdd<
  StateBatch<K, S, M>,
  K,
  V,
  S,
  StateSpec<K, V, S, M>,
  WritableBatch<K, S, M>
> {
  readonly name = 'mapWithState';

  /** Without `spec`, the dataset of a version already in the stores (restored). */
  constructor(
    state: PartitionedState<K, S>,
    timeMs: number,
    prev: CommittableRdd | undefined,
    data: RddNode<[K, V]>,
    initial: RddNode<[K, S]> | undefined,
    spec: StateSpec<K, V, S, M> | undefined,
  ) {
    super(data.ctx, state, timeMs, prev, data, initial, spec);
  }

  override get partitioner(): Partitioner {
    return this.state.partitioner;
  }

  compute(split: number, emit: Emit<StateBatch<K, S, M>>): void {
    emit(this.commit(split));
  }

  protected partitionResult(store: StateStore<K, S>): WritableBatch<K, S, M> {
    return { store, version: this.timeMs, mapped: [] };
  }

  protected apply(
    spec: StateSpec<K, V, S, M>,
    w: StateWriter<K, S>,
    items: readonly [K, V][],
    initial: readonly [K, S][] | undefined,
    batch: WritableBatch<K, S, M>,
  ): void {
    const mapped = batch.mapped;
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
