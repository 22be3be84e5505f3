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

/** An action that needs at least one record (reduce, first) ran on an empty dataset. */
export class EmptyDatasetError extends SluiceError {
  constructor(message: string) {
    super('EMPTY_DATASET', message);
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
