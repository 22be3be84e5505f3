export {
  CheckpointDirectory,
  type CheckpointDirectoryOptions,
  type CheckpointFileInfo,
  type MetadataRecovery,
} from './checkpoint-directory.ts';
export { type CheckpointFs, nodeCheckpointFs } from './checkpoint-fs.ts';
export { DirectoryLock, type LockHolder } from './directory-lock.ts';
export {
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointKind,
  type DecodedEnvelope,
  decodeEnvelope,
  type EnvelopeExpectation,
  type EnvelopeFields,
  encodeEnvelope,
} from './envelope.ts';
export { readCheckpointFile, type SkippedCheckpoint } from './read-checkpoint-file.ts';
export {
  chainEntries,
  StateLog,
  type StateLogChain,
  type StateLogColumns,
  type StateLogDelta,
  type StateLogEntry,
  type StateLogOptions,
  type StateLogSnapshot,
} from './state-log.ts';
export { isTempFileName, writeFileAtomic } from './write-file-atomic.ts';
