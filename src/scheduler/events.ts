import type { Time } from '../core/index.ts';
import type { SourceEvent } from '../dstream/index.ts';
import type { ReceiverEvent } from '../receiver/index.ts';

/** One output operation of one batch (Spark's `OutputOperationInfo`). Times are epoch ms (fractional). */
export interface OutputOperationInfo {
  readonly batchTime: Time;
  readonly id: number;
  /** `foreachRDD at app.ts:12` */
  readonly description: string;
  startTime?: number;
  endTime?: number;
  durationMs?: number;
  failureReason?: string;
}

/** One batch (Spark's `BatchInfo`): its input, its output operations, and how long it waited and ran. */
export interface BatchInfo {
  readonly batchTime: Time;
  /** Records read by each input stream, by stream id. */
  readonly streamIdToNumRecords: Readonly<Record<number, number>>;
  readonly numRecords: number;
  readonly submissionTime: number;
  processingStartTime?: number;
  processingEndTime?: number;
  /** From submission to the start of the first job. */
  schedulingDelayMs?: number;
  /** From the start of the first job to the end of the last. */
  processingDelayMs?: number;
  /** Scheduling delay plus processing delay. */
  totalDelayMs?: number;
  readonly outputOperations: OutputOperationInfo[];
  failureReason?: string;
}

/** Everything the engine reports, as a union on `type` (Spark's `StreamingListener*` events). */
export type StreamingEvent =
  | { readonly type: 'streamingStarted'; readonly time: number }
  | { readonly type: 'batchSubmitted'; readonly batch: BatchInfo }
  | { readonly type: 'batchStarted'; readonly batch: BatchInfo }
  | { readonly type: 'batchCompleted'; readonly batch: BatchInfo }
  | { readonly type: 'outputOperationStarted'; readonly outputOperation: OutputOperationInfo }
  | { readonly type: 'outputOperationCompleted'; readonly outputOperation: OutputOperationInfo }
  | { readonly type: 'streamingStopped'; readonly time: number; readonly error?: Error }
  /** A corrupt checkpoint file was passed over for an older valid one (`reason` names what was wrong). */
  | { readonly type: 'checkpointSkipped'; readonly path: string; readonly reason: string }
  /** A stateful stream's state was checkpointed after a batch (see {@link StateCheckpointInfo}). */
  | { readonly type: 'stateCheckpointWritten'; readonly checkpoint: StateCheckpointInfo }
  /** A receiver started, reported an error, stopped, or its write-ahead log's torn end was dropped. */
  | ReceiverEvent
  /** A source is retrying a system it cannot reach, or wrote bad records to its dead-letter destination. */
  | SourceEvent;

/** One state checkpoint of one stateful stream, all its partitions together. */
export interface StateCheckpointInfo {
  /** The operator, e.g. `mapWithState-4`. */
  readonly operator: string;
  /** The batch time whose state was written. */
  readonly version: number;
  /** `full`: every entry was written (the first checkpoint, then every so often); `delta`: the changes only. */
  readonly kind: 'full' | 'delta';
  /** Entries written: all of them for a full checkpoint, the keys changed since the previous one for a delta. */
  readonly entries: number;
  /** Keys written as removed (deltas only). */
  readonly removed: number;
  /** Wall time spent listing, encoding and durably writing the files. */
  readonly durationMs: number;
}

type Handlers = {
  [E in StreamingEvent as `on${Capitalize<E['type']>}`]?: (event: E) => void;
};

/** A function receiving every event, or an object with Spark-style `onBatchCompleted` … handlers. */
export type StreamingListener = ((event: StreamingEvent) => void) | Handlers;
