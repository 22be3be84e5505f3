import type { Time } from '../core/index.ts';
import { type Partitioner, type Partitioning, Rdd } from '../rdd/index.ts';
import {
  type PartitionUpdateFunction,
  type StateStoreChoice,
  type StateUpdate,
  StateUpdateRdd,
} from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { StatefulDStream } from './stateful-dstream.ts';

/**
 * `updateStateByKey` (Spark's `StateDStream`): each batch's values per key update the key's state, and each
 * dataset is the whole state after that batch. With no dataset from the parent at a batch, every key is
 * still updated with no values; with neither a parent dataset nor an earlier state, there is no dataset.
 */
export class StateDStream<K, V, S> extends StatefulDStream<[K, S], K, S> {
  readonly name = 'updateStateByKey';
  readonly parent: DStreamNode<[K, V]>;
  readonly update: StateUpdate<K, V, S>;
  readonly rememberPartitioner: boolean;
  readonly initialRdd: Rdd<[K, S]> | undefined;

  constructor(
    parent: DStreamNode<[K, V]>,
    update: StateUpdate<K, V, S>,
    partitioner: Partitioner,
    rememberPartitioner: boolean,
    initialRdd: Rdd<[K, S]> | undefined,
    storeChoice: StateStoreChoice | undefined,
  ) {
    super(parent.graph, 'updateStateByKey', partitioner, storeChoice, false);
    this.parent = parent;
    this.update = update;
    this.rememberPartitioner = rememberPartitioner;
    this.initialRdd = initialRdd;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }

  compute(time: Time): Rdd<[K, S]> | undefined {
    const prev = this.previousState(time) as StateUpdateRdd<K, V, S> | undefined;
    const data = this.parent.getOrCompute(time);
    if (prev === undefined && data === undefined) return undefined;
    const initial = prev === undefined ? this.initialRdd?.partitionBy(this.partitioner).node : undefined;
    return new Rdd(
      new StateUpdateRdd(
        this.state,
        time,
        prev,
        data?.partitionBy(this.partitioner).node,
        initial,
        this.update,
        this.rememberPartitioner,
        this.batchContext,
      ),
    );
  }

  protected committedRdd(timeMs: number): Rdd<[K, S]> {
    const node = new StateUpdateRdd<K, V, S>(
      this.state,
      timeMs,
      undefined,
      undefined,
      undefined,
      undefined,
      this.rememberPartitioner,
      this.batchContext,
    );
    return new Rdd(node);
  }
}

/** What `updateStateByKey` takes besides its function (Spark's further parameters, by name). */
export interface UpdateStateByKeyOptions<K, S> {
  /** Partition count or partitioner of the state (default: `defaultParallelism` hash partitions). */
  readonly partitioning?: Partitioning;
  /** Whether the state datasets keep the partitioner, so later key operations need no shuffle (default true). */
  readonly rememberPartitioner?: boolean;
  /** State to start from, as `[key, state]` pairs. */
  readonly initialRDD?: Rdd<[K, S]>;
  /** Where the state is kept (default: the context's `stateStore` option, else memory). */
  readonly stateStore?: StateStoreChoice;
}

/** `updateStateByKey`'s iterator form: {@link UpdateStateByKeyOptions} with the partition function. */
export interface UpdateStateByPartitionOptions<K, V, S> extends UpdateStateByKeyOptions<K, S> {
  readonly updatePartition: PartitionUpdateFunction<K, V, S>;
}
