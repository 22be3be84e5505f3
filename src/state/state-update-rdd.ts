import { keyId, type Time } from '../core/index.ts';
import type { BatchContext, Emit, Partitioner, RddNode } from '../rdd/index.ts';
import type { PartitionedState } from './partitioned-state.ts';
import type { StateEntry, StateStore, StateWriter } from './state-store.ts';
import { type CommittableRdd, StatefulRdd } from './stateful-rdd.ts';

/**
 * `updateStateByKey`'s per-key function: the key's new values in this batch (possibly none) and its state
 * (`undefined`: none yet) give its new state; `undefined` removes the key. The key and the batch time
 * come after, for functions that need them (Spark's `(Time, K, Seq[V], Option[S]) => Option[S]`).
 */
export type UpdateFunction<K, V, S> = (values: V[], state: S | undefined, key: K, time: Time) => S | undefined;

/**
 * `updateStateByKey`'s partition function (Spark's iterator form): every key of the partition with its new
 * values and state in, the partition's whole new state out; a key left out is removed.
 */
export type PartitionUpdateFunction<K, V, S> = (
  keys: Iterable<[K, V[], S | undefined]>,
  time: Time,
) => Iterable<[K, S]>;

/** Which of the two forms an `updateStateByKey` uses. */
export type StateUpdate<K, V, S> =
  | { readonly perKey: UpdateFunction<K, V, S> }
  | { readonly perPartition: PartitionUpdateFunction<K, V, S> };

/**
 * `updateStateByKey`'s dataset for one batch (Spark's `StateDStream` datasets): each partition applies the
 * batch's values to its store as the next version, once, then reads out the whole state of that version.
 * Spark's semantics call the function for every key at every batch, so this costs a pass over the state.
 */
export class StateUpdateRdd<K, V, S> extends StatefulRdd<[K, S], K, V, S, StateUpdate<K, V, S>, StateStore<K, S>> {
  readonly name = 'updateStateByKey';
  readonly #keepsPartitioner: boolean;

  /** Without `update`, the dataset of a version already in the stores (restored). */
  constructor(
    state: PartitionedState<K, S>,
    timeMs: number,
    prev: CommittableRdd | undefined,
    data: RddNode<[K, V]> | undefined,
    initial: RddNode<[K, S]> | undefined,
    update: StateUpdate<K, V, S> | undefined,
    keepsPartitioner: boolean,
    ctx: BatchContext,
  ) {
    super(ctx, state, timeMs, prev, data, initial, update);
    this.#keepsPartitioner = keepsPartitioner;
  }

  override get partitioner(): Partitioner | undefined {
    return this.#keepsPartitioner ? this.state.partitioner : undefined;
  }

  compute(split: number, emit: Emit<[K, S]>): void {
    this.commit(split);
    for (const e of this.state.store(split).entries(this.timeMs)) emit([e.key, e.state]);
  }

  protected partitionResult(store: StateStore<K, S>): StateStore<K, S> {
    return store;
  }

  protected apply(
    update: StateUpdate<K, V, S>,
    w: StateWriter<K, S>,
    items: readonly [K, V][],
    initial: readonly [K, S][] | undefined,
  ): void {
    const time = this.timeMs as Time;
    if (initial !== undefined) for (const [key, s] of initial) w.put(key, s);
    const groups = new Map<unknown, [K, V[]]>();
    for (const [key, value] of items) {
      const id = keyId(key);
      const group = groups.get(id);
      if (group === undefined) groups.set(id, [key, [value]]);
      else group[1].push(value);
    }
    const existing: StateEntry<K, S>[] = [...w.entries()];
    if ('perKey' in update) {
      const fn = update.perKey;
      for (const e of existing) {
        const id = keyId(e.key);
        const group = groups.get(id);
        if (group !== undefined) groups.delete(id);
        const next = fn(group === undefined ? [] : group[1], e.state, e.key, time);
        if (next === undefined) w.remove(e.key);
        else if (!unchanged(e.state, next)) w.put(e.key, next);
      }
      for (const [key, values] of groups.values()) {
        const next = fn(values, undefined, key, time);
        if (next !== undefined) w.put(key, next);
      }
      return;
    }
    const keys: [K, V[], S | undefined][] = [];
    for (const e of existing) {
      const id = keyId(e.key);
      const group = groups.get(id);
      if (group !== undefined) groups.delete(id);
      keys.push([e.key, group === undefined ? [] : group[1], e.state]);
    }
    for (const [key, values] of groups.values()) keys.push([key, values, undefined]);
    const kept = new Set<unknown>();
    for (const [key, next] of update.perPartition(keys, time)) {
      kept.add(keyId(key));
      const old = w.get(key);
      if (old === undefined || !unchanged(old.state, next)) w.put(key, next);
    }
    for (const e of existing) if (!kept.has(keyId(e.key))) w.remove(e.key);
  }
}

/** A state returned as it was needs no write, unless it is an object the function may have changed in place. */
function unchanged(before: unknown, after: unknown): boolean {
  return Object.is(before, after) && (typeof after !== 'object' || after === null) && typeof after !== 'function';
}
