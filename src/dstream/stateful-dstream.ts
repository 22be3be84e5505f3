import { join } from 'node:path';
import { type Time, Time as TimeOps } from '../core/index.ts';
import type { Partitioner, Rdd, RddNode } from '../rdd/index.ts';
import {
  createStateStore,
  PartitionedState,
  type StateEntry,
  type StateStore,
  type StateStoreChoice,
} from '../state/index.ts';
import type { DStreamGraph } from './dstream-graph.ts';
import { DStreamNode } from './dstream-node.ts';
import type { StatefulStream } from './stateful-stream.ts';

/**
 * The shared part of the kinds that keep keyed state: the partitioned stores (made at the first batch,
 * freed when the context stops), the release of versions no remembered dataset reads any more, and the
 * {@link StatefulStream} contract for checkpointing and recovery.
 */
export abstract class StatefulDStream<T, K, S> extends DStreamNode<T> implements StatefulStream {
  readonly partitioner: Partitioner;
  readonly storeChoice: StateStoreChoice | undefined;
  readonly #timeIndex: boolean;
  #state: PartitionedState<K, S> | undefined;

  constructor(
    graph: DStreamGraph,
    kind: string,
    partitioner: Partitioner,
    storeChoice: StateStoreChoice | undefined,
    timeIndex: boolean,
  ) {
    super(graph, kind);
    this.partitioner = partitioner;
    this.storeChoice = storeChoice;
    this.#timeIndex = timeIndex;
  }

  /** The dataset of batch `timeMs` when its state is already in the stores (restored). */
  protected abstract committedRdd(timeMs: number): Rdd<T>;

  override get mustCheckpoint(): boolean {
    return true;
  }
  override fingerprintParams(): string {
    return `partitions=${this.partitioner.numPartitions}`;
  }

  get stateOperator(): string {
    return `${this.name}-${this.id}`;
  }
  get statePartitions(): number {
    return this.partitioner.numPartitions;
  }

  /** The stores of this stream, made when first asked for. */
  get state(): PartitionedState<K, S> {
    if (this.#state === undefined) {
      const graph = this.graph;
      const operator = this.stateOperator;
      const choice = this.storeChoice ?? graph.stateStore;
      const baseDirectory = graph.checkpointDir === undefined ? undefined : join(graph.checkpointDir, 'state-stores');
      const state = new PartitionedState<K, S>(this.partitioner, (partition) =>
        createStateStore<K, S>(choice, { operator, partition, timeIndex: this.#timeIndex, baseDirectory }),
      );
      graph.onStop(() => state.close());
      this.#state = state;
    }
    return this.#state;
  }

  statePartitionOf(key: unknown): number {
    return this.partitioner.getPartition(key);
  }
  stateStores(): readonly StateStore<unknown, unknown>[] {
    return this.state.stores as readonly StateStore<unknown, unknown>[];
  }
  get lastCommittedTimeMs(): number | undefined {
    return this.#state?.lastCommittedMs;
  }
  restoreState(timeMs: number, entries: Iterable<StateEntry<unknown, unknown>>): void {
    this.state.restore(timeMs, entries as Iterable<StateEntry<K, S>>);
    this.resumeFromStores(timeMs);
  }
  resumeFromStores(timeMs: number): void {
    this.state.restoredAt(timeMs);
    for (const t of [...this.generatedRdds.keys()]) if (t >= timeMs) this.generatedRdds.delete(t);
    const rdd = this.committedRdd(timeMs);
    if (this.persisted) rdd.persist();
    this.generatedRdds.set(timeMs, rdd);
  }

  /** The previous batch's state dataset: none at the first batch. */
  previousState(time: Time): RddNode<T> | undefined {
    return this.getOrCompute(TimeOps.of(time - this.slideDurationMs))?.node;
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    // Versions older than every dataset still remembered will never be read again.
    let oldest: number | undefined;
    for (const t of this.generatedRdds.keys()) if (oldest === undefined || t < oldest) oldest = t;
    if (oldest !== undefined) this.#state?.release(oldest);
  }
}
