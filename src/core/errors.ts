/**
 * Every error Sluice throws on purpose is a {@link SluiceError} with a stable `code`, so callers can
 * branch on the code and messages can improve without breaking them.
 */
export class SluiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An option or argument outside its accepted range; the message names the option and the range. */
export class InvalidArgumentError extends SluiceError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** A duration that is not positive, or not a multiple of the duration it must align with. */
export class InvalidDurationError extends SluiceError {
  constructor(message: string) {
    super('INVALID_DURATION', message);
  }
}

/** The DStream graph cannot run as built (no output operation, mismatched slides, …). */
export class GraphValidationError extends SluiceError {
  constructor(message: string) {
    super('INVALID_GRAPH', message);
  }
}

/** An operation called in a lifecycle state that does not allow it (start twice, add after start, …). */
export class IllegalStateError extends SluiceError {
  constructor(message: string) {
    super('ILLEGAL_STATE', message);
  }
}

/** A user function threw while a dataset was computed; names the operation and the partition. */
export class UserFunctionError extends SluiceError {
  readonly operation: string;
  readonly partition: number | undefined;
  constructor(operation: string, partition: number | undefined, cause: unknown) {
    const where = partition === undefined ? '' : ` in partition ${partition}`;
    super('USER_FUNCTION_FAILED', `${operation} threw${where}: ${describe(cause)}`, { cause });
    this.operation = operation;
    this.partition = partition;
  }
}

/**
 * A batch could not be generated or one of its output operations failed. The message names the batch
 * time, the output operation (or job generation) and, when a user function threw, the operation and
 * partition it threw in; `cause` is then the user's own error, unwrapped from {@link UserFunctionError}.
 */
export class BatchFailedError extends SluiceError {
  readonly batchTime: number;
  readonly operation: string;
  constructor(batchTime: number, operation: string, cause: unknown) {
    let root = cause;
    while (root instanceof UserFunctionError && root.cause !== undefined) root = root.cause;
    super('BATCH_FAILED', `Batch ${batchTime} ms failed in ${operation}: ${describe(cause)}`, { cause: root });
    this.batchTime = batchTime;
    this.operation = operation;
  }
}

/** A dataset could not be computed because an input it needs produced nothing at that time. */
export class MissingDatasetError extends SluiceError {
  constructor(message: string) {
    super('MISSING_DATASET', message);
  }
}

/** A value was asked for where there is none (Spark's `NoSuchElementException`), e.g. `state.get()` with no state. */
export class NoSuchElementError extends SluiceError {
  constructor(message: string) {
    super('NO_SUCH_ELEMENT', message);
  }
}

/** An action that needs at least one record (reduce, first) ran on an empty dataset. */
export class EmptyDatasetError extends SluiceError {
  constructor(message: string) {
    super('EMPTY_DATASET', message);
  }
}

/**
 * A source met a record it cannot decode and its `onBadRecord` policy is `fail`: the batch fails. The
 * message names the source, where the record is (a file and line, a topic, partition and offset) and why.
 */
export class BadRecordError extends SluiceError {
  readonly source: string;
  readonly position: string;
  readonly reason: string;
  constructor(source: string, position: string, reason: string) {
    super('BAD_RECORD', `${source}: bad record at ${position}: ${reason}`);
    this.source = source;
    this.position = position;
    this.reason = reason;
  }
}

/** A source could not read its input (a file gone or unreadable, a directory missing); names the source and the path. */
export class SourceReadError extends SluiceError {
  readonly path: string;
  constructor(source: string, path: string, cause: unknown) {
    super('SOURCE_READ_FAILED', `${source}: cannot read ${path}: ${describe(cause)}`, { cause });
    this.path = path;
  }
}

/** A value could not be encoded, or bytes could not be decoded, by the checkpoint codec. */
export class CodecError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('CODEC_FAILED', message, { cause });
  }
}

/** Why a checkpoint file was judged corrupt; stable strings, one per check the reader makes. */
export type CheckpointCorruptReason =
  | 'bad-magic'
  | 'truncated'
  | 'trailing-bytes'
  | 'crc-mismatch'
  | 'bad-header'
  | 'unexpected-kind'
  | 'name-mismatch'
  | 'undecodable'
  | 'broken-chain'
  | 'unreadable';

/**
 * A checkpoint file failed validation (magic, length, CRC-32, header, payload decoding): the reader skips
 * it and falls back to an older checkpoint. The message names the file and the reason.
 */
export class CheckpointCorruptError extends SluiceError {
  readonly path: string;
  readonly reason: CheckpointCorruptReason;
  constructor(path: string, reason: CheckpointCorruptReason, detail: string) {
    super('CHECKPOINT_CORRUPT', `Checkpoint ${path} is corrupt (${reason}): ${detail}`);
    this.path = path;
    this.reason = reason;
  }
}

/** A checkpoint written by a newer Sluice whose format this version cannot read; never skipped silently. */
export class CheckpointVersionError extends SluiceError {
  readonly path: string;
  readonly formatVersion: number;
  readonly supportedVersion: number;
  constructor(path: string, formatVersion: number, supportedVersion: number) {
    super(
      'CHECKPOINT_VERSION_UNSUPPORTED',
      `Checkpoint ${path} has format version ${formatVersion}; this Sluice reads format versions up to ` +
        `${supportedVersion}. Upgrade Sluice or use a new checkpoint directory.`,
    );
    this.path = path;
    this.formatVersion = formatVersion;
    this.supportedVersion = supportedVersion;
  }
}

/** A checkpoint belongs to another application id: the directory is shared by mistake. */
export class CheckpointForeignError extends SluiceError {
  readonly path: string;
  readonly expectedApplicationId: string;
  readonly foundApplicationId: string;
  /** Why a reader passed the file over, alongside {@link CheckpointCorruptError.reason}. */
  readonly reason = 'foreign-application';
  constructor(path: string, expected: string, found: string) {
    super(
      'CHECKPOINT_FOREIGN_APPLICATION',
      `Checkpoint ${path} belongs to application '${found}', not '${expected}'. ` +
        'Each application needs its own checkpoint directory.',
    );
    this.path = path;
    this.expectedApplicationId = expected;
    this.foundApplicationId = found;
  }
}

/**
 * A checkpoint was written by a different DStream graph (the code changed). The fingerprints are given so
 * the caller can name the first differing operator.
 */
export class CheckpointMismatchError extends SluiceError {
  readonly path: string;
  readonly expectedFingerprint: string;
  readonly foundFingerprint: string;
  constructor(path: string, expected: string, found: string, message?: string) {
    super(
      'CHECKPOINT_GRAPH_MISMATCH',
      message ??
        `Checkpoint ${path} was written by a different stream graph (fingerprint '${found}', this graph ` +
          `'${expected}'). Use a new checkpoint directory, or start from explicit source positions.`,
    );
    this.path = path;
    this.expectedFingerprint = expected;
    this.foundFingerprint = found;
  }
}

/** Checkpoint files exist but none of them can be read; recovery refuses to start fresh silently. */
export class NoValidCheckpointError extends SluiceError {
  readonly directory: string;
  readonly failures: readonly { readonly path: string; readonly error: SluiceError }[];
  constructor(directory: string, failures: readonly { readonly path: string; readonly error: SluiceError }[]) {
    const list = failures.map((f) => f.error.message).join('; ');
    super(
      'NO_VALID_CHECKPOINT',
      `No valid checkpoint in ${directory}: ${failures.length} file(s) failed: ${list}. Refusing to start ` +
        'fresh, which would re-read or skip data; repair the files or use a new checkpoint directory.',
    );
    this.directory = directory;
    this.failures = failures;
  }
}

/** Another live process holds the checkpoint directory's lock. */
export class CheckpointLockedError extends SluiceError {
  readonly directory: string;
  readonly holderPid: number;
  readonly holderHost: string;
  constructor(directory: string, holderPid: number, holderHost: string) {
    super(
      'CHECKPOINT_LOCKED',
      `Checkpoint directory ${directory} is in use by process ${holderPid} on host ${holderHost}; ` +
        'two live applications cannot share one checkpoint directory.',
    );
    this.directory = directory;
    this.holderPid = holderPid;
    this.holderHost = holderHost;
  }
}

/** A checkpoint write or delete failed at the file-system level; the message names the path and errno. */
export class CheckpointWriteError extends SluiceError {
  readonly path: string;
  readonly errno: string | undefined;
  constructor(path: string, step: string, cause: unknown) {
    const errno = (cause as { code?: unknown } | null)?.code;
    const code = typeof errno === 'string' ? errno : undefined;
    super('CHECKPOINT_WRITE_FAILED', `Checkpoint ${step} of ${path} failed (${code ?? 'error'}): ${describe(cause)}`, {
      cause,
    });
    this.path = path;
    this.errno = code;
  }
}

/**
 * A sink could not write a batch; nothing of the batch was committed. The message names the sink, where
 * it writes (a table), the batch time and, when one record is to blame, that record.
 */
export class SinkWriteError extends SluiceError {
  readonly sink: string;
  readonly target: string;
  readonly batchTime: number;
  readonly record: unknown;
  constructor(sink: string, target: string, batchTime: number, reason: string, record?: unknown, cause?: unknown) {
    super('SINK_WRITE_FAILED', `${sink}: batch ${batchTime} ms into ${target} failed: ${reason}`, { cause });
    this.sink = sink;
    this.target = target;
    this.batchTime = batchTime;
    this.record = record;
  }
}

/** A source lost its connection and could not get it back within its retry bound; names the source and the address. */
export class SourceConnectionError extends SluiceError {
  readonly address: string;
  constructor(source: string, address: string, message: string, cause?: unknown) {
    super('SOURCE_CONNECTION_FAILED', `${source}: ${address}: ${message}`, { cause });
    this.address = address;
  }
}

/**
 * A receiver called `fail`: the first batch of its stream that found no stored block left fails with this
 * error, naming the stream, the receiver, the batch time and the receiver's message; the receiver's error
 * is the cause.
 */
export class ReceiverFailedError extends SluiceError {
  readonly receiver: string;
  readonly batchTime: number;
  constructor(stream: string, receiver: string, batchTime: number, message: string, cause?: unknown) {
    super(
      'RECEIVER_FAILED',
      `${stream}: receiver ${receiver} failed, batch ${batchTime} ms cannot be served: ${message}`,
      {
        cause,
      },
    );
    this.receiver = receiver;
    this.batchTime = batchTime;
  }
}

/**
 * A write-ahead log segment that is no longer written to (not the newest) holds a frame that is truncated
 * or fails its CRC: records acknowledged to a source would be lost if it were skipped, so reading stops
 * with this error naming the segment, the byte offset and the reason.
 */
export class WriteAheadLogCorruptError extends SluiceError {
  readonly segment: string;
  readonly offset: number;
  readonly reason: string;
  constructor(segment: string, offset: number, reason: string) {
    super(
      'WAL_CORRUPT',
      `Write-ahead log segment ${segment} is corrupt at byte offset ${offset} (${reason}); it is not the newest ` +
        'segment, so the records after it were acknowledged and cannot be skipped',
    );
    this.segment = segment;
    this.offset = offset;
    this.reason = reason;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
