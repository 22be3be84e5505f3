// Keyed-state operations of every stream (Spark's `updateStateByKey` and `mapWithState`): declared on
// `DStream` here and attached to its prototype by `dstream.ts` once the classes exist (this module needs
// only their types, so no import cycle).
import { InvalidArgumentError } from '../core/index.ts';
import type { Partitioning } from '../rdd/index.ts';
import type { StateSpec, UpdateFunction } from '../state/index.ts';
import type { DStream, MapWithStateDStream } from './dstream.ts';
import { InternalMapWithStateDStream } from './internal-map-with-state-dstream.ts';
import { partitionerFor } from './partitioner-for.ts';
import { StateDStream, type UpdateStateByKeyOptions, type UpdateStateByPartitionOptions } from './state-dstream.ts';

declare module './dstream.ts' {
  interface DStream<T> {
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
    /**
     * Spark's `mapWithState`: `spec`'s function sees each record with its key's {@link State} and returns
     * the records of the resulting stream; `stateSnapshots()` on the result gives the whole state after
     * each batch. Needs `ssc.checkpoint(dir)`.
     */
    mapWithState<K, V, S, M>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, M>): MapWithStateDStream<K, V, S, M>;
  }
}

/** The keyed-state operations, as `DStream` methods. */
export type StateDStreamFunctions = Pick<DStream<unknown>, 'updateStateByKey' | 'mapWithState'>;

/** The keyed-state operations, building their results with the `DStream` and `MapWithStateDStream` classes. */
export function stateDStreamFunctions(
  Stream: typeof DStream,
  MapWithState: typeof MapWithStateDStream,
): StateDStreamFunctions {
  return {
    updateStateByKey<K, V, S>(
      this: DStream<[K, V]>,
      fnOrOptions: UpdateFunction<K, V, S> | UpdateStateByPartitionOptions<K, V, S>,
      options?: Partitioning | UpdateStateByKeyOptions<K, S>,
    ): DStream<[K, S]> {
      const byPartition = typeof fnOrOptions === 'object' && fnOrOptions !== null ? fnOrOptions : undefined;
      const opts: UpdateStateByKeyOptions<K, S> =
        byPartition ??
        (typeof options === 'object' && !('getPartition' in options) ? options : { partitioning: options });
      const update =
        byPartition === undefined ? { perKey: fnOrOptions } : { perPartition: byPartition.updatePartition };
      const fn = 'perKey' in update ? update.perKey : update.perPartition;
      if (typeof fn !== 'function') {
        throw new InvalidArgumentError(`updateStateByKey needs an update function, got ${String(fn)}`);
      }
      return new Stream(
        new StateDStream(
          this.node,
          update as { perKey: UpdateFunction<K, V, S> },
          partitionerFor(this.node, opts.partitioning),
          opts.rememberPartitioner ?? true,
          opts.initialRDD,
          opts.stateStore,
        ),
      );
    },
    mapWithState(spec) {
      return new MapWithState(new InternalMapWithStateDStream(this.node, spec));
    },
  };
}
