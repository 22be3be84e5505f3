// The public API of Sluice. Only what is exported here (and from `sluice/testing`) is promised.
export {
  type RecoveryOptions,
  type StopOptions,
  StreamingContext,
  type StreamingContextOptions,
  type StreamingContextState,
} from './context/index.ts';
export {
  BatchFailedError,
  CheckpointCorruptError,
  type CheckpointCorruptReason,
  CheckpointForeignError,
  CheckpointLockedError,
  CheckpointMismatchError,
  CheckpointVersionError,
  CheckpointWriteError,
  type Clock,
  CodecError,
  type Comparator,
  compareKeys,
  Duration,
  EmptyDatasetError,
  GraphValidationError,
  IllegalStateError,
  InvalidArgumentError,
  InvalidDurationError,
  type Key,
  ManualClock,
  MissingDatasetError,
  NoValidCheckpointError,
  SluiceError,
  SystemClock,
  Time,
  UserFunctionError,
} from './core/index.ts';
export { DStream, type GraphOwner, InputDStream, type StreamingContextApi } from './dstream/index.ts';
export {
  BatchContext,
  type BatchContextOptions,
  HashPartitioner,
  type Partitioner,
  type Partitioning,
  RangePartitioner,
  Rdd,
} from './rdd/index.ts';
export type { BatchInfo, OutputOperationInfo, StreamingEvent, StreamingListener } from './scheduler/index.ts';
export { type SeededTextStreamOptions, ZipfTextGenerator, type ZipfTextOptions } from './sources/index.ts';
