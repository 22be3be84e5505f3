import type { Time } from '../core/index.ts';
import { HashPartitioner, Rdd } from '../rdd/index.ts';
import { MapWithStateRdd, type StateBatch, type StateSpec } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { StatefulDStream } from './stateful-dstream.ts';

/** Spark checkpoints `mapWithState` every 10 slides by default. */
const DEFAULT_CHECKPOINT_MULTIPLIER = 10;

/**
 * The state side of `mapWithState` (Spark's `InternalMapWithStateDStream`): one dataset per batch whose
 * partitions are {@link StateBatch}es (the partition's store at this batch's version, and the records the
 * function returned). The public stream and `stateSnapshots()` read it.
 */
export class InternalMapWithStateDStream<K, V, S, M> extends StatefulDStream<StateBatch<K, S, M>, K, S> {
  readonly name = 'mapWithState';
  readonly parent: DStreamNode<[K, V]>;
  readonly spec: StateSpec<K, V, S, M>;

  constructor(parent: DStreamNode<[K, V]>, spec: StateSpec<K, V, S, M>) {
    super(
      parent.graph,
      'mapWithState',
      spec.getPartitioner() ?? new HashPartitioner(parent.batchContext.defaultParallelism),
      spec.getStateStore(),
      spec.getTimeoutMs() !== undefined,
    );
    this.parent = parent;
    this.spec = spec;
    this.checkpointDurationMs = parent.slideDurationMs * DEFAULT_CHECKPOINT_MULTIPLIER;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }

  compute(time: Time): Rdd<StateBatch<K, S, M>> {
    const prev = this.previousState(time) as MapWithStateRdd<K, V, S, M> | undefined;
    // Even a batch without data makes a new state version: keys may time out.
    const data = this.parent.getOrCompute(time) ?? this.batchContext.emptyRDD<[K, V]>();
    const initial = prev === undefined ? this.spec.getInitialState()?.partitionBy(this.partitioner).node : undefined;
    const node = new MapWithStateRdd(
      this.state,
      time,
      prev,
      data.partitionBy(this.partitioner).node,
      initial,
      this.spec,
    );
    return new Rdd(node);
  }

  protected committedRdd(timeMs: number): Rdd<StateBatch<K, S, M>> {
    const data = this.batchContext.emptyRDD<[K, V]>().partitionBy(this.partitioner).node;
    return new Rdd(new MapWithStateRdd<K, V, S, M>(this.state, timeMs, undefined, data, undefined, undefined));
  }
}
