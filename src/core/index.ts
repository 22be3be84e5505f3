export { appendOnlyMapOrder, fixedAppendOnlyMapOrder, inAppendOnlyMapOrder } from './append-only-map-order.ts';
export { type Clock, ManualClock, SystemClock } from './clock.ts';
export { cloneZero } from './clone-zero.ts';
export { decodeValue, decodeValues, encodeValue, encodeValues } from './codec.ts';
export { crashPoint } from './crash-point.ts';
export {
  BadRecordError,
  BatchFailedError,
  CheckpointCorruptError,
  type CheckpointCorruptReason,
  CheckpointForeignError,
  CheckpointLockedError,
  CheckpointMismatchError,
  CheckpointVersionError,
  CheckpointWriteError,
  CodecError,
  describe,
  EmptyDatasetError,
  GraphValidationError,
  IllegalStateError,
  InvalidArgumentError,
  InvalidDurationError,
  MissingDatasetError,
  NoSuchElementError,
  NoValidCheckpointError,
  ReceiverFailedError,
  SinkWriteError,
  SluiceError,
  SourceConnectionError,
  SourceReadError,
  UserFunctionError,
  WriteAheadLogCorruptError,
} from './errors.ts';
export { formatRecord } from './format-record.ts';
export {
  hashKey,
  hashString,
  type Key,
  keyId,
  keysEqual,
  nonNegativeMod,
} from './hash.ts';
export { byteswap32, JavaRandom } from './java-random.ts';
export { type Comparator, compareKeys } from './ordering.ts';
export {
  FRAME_HEADER_BYTES,
  type FrameDefect,
  type FrameReadResult,
  frameRecord,
  MAX_FRAME_PAYLOAD_BYTES,
  readFrames,
} from './record-frame.ts';
export { Duration, requirePositiveDuration, Time } from './time.ts';
export { XORShiftRandom } from './xorshift-random.ts';
