import type { StateEntry, StateStore } from '../state/index.ts';

/**
 * What checkpointing and recovery need from a stream that keeps keyed state (`updateStateByKey`, inverse windows,
 * `mapWithState`): its stores (one per partition, each versioned by batch time, with the checkpoint
 * methods of {@link StateStore}), the batch time of its newest committed state, and a way to restart
 * from state restored as of a batch time `T`, so that the next batch computed is `T + slide` on top of it
 * instead of a recomputation from the zero time.
 */
export interface StatefulStream {
  /** Names the operator uniquely in its context, e.g. `mapWithState-4` (for file and folder names). */
  readonly stateOperator: string;
  /** Number of state partitions (of stores). */
  readonly statePartitions: number;
  /** The state partition a key belongs to (the stream's partitioner). */
  statePartitionOf(key: unknown): number;
  /** The store of each partition, made on first use. */
  stateStores(): readonly StateStore<unknown, unknown>[];
  /** Batch time of the newest state committed by every partition, or `undefined` before the first. */
  readonly lastCommittedTimeMs: number | undefined;
  /**
   * Replaces the state by `entries` as of batch time `timeMs` (each entry goes to its key's partition, so
   * the partition count may differ from the one that wrote them), then resumes from it.
   */
  restoreState(timeMs: number, entries: Iterable<StateEntry<unknown, unknown>>): void;
  /**
   * Resumes from stores the caller has already restored to batch time `timeMs` (for instance with
   * `stateStores()[p].restore(timeMs, snapshot, deltas)`): batch `timeMs` then counts as computed and the
   * next batch starts from its state.
   */
  resumeFromStores(timeMs: number): void;
}

/** Whether a stream of the graph keeps keyed state. */
export function isStatefulStream(node: unknown): node is StatefulStream {
  return (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as Partial<StatefulStream>).restoreState === 'function' &&
    typeof (node as Partial<StatefulStream>).stateStores === 'function'
  );
}
