import { join } from 'node:path';
import {
  CheckpointCorruptError,
  CheckpointForeignError,
  CheckpointWriteError,
  crashPoint,
  IllegalStateError,
  InvalidArgumentError,
  NoValidCheckpointError,
  type SluiceError,
} from '../core/index.ts';
import { type CheckpointFs, nodeCheckpointFs } from './checkpoint-fs.ts';
import { DirectoryLock, type LockHolder } from './directory-lock.ts';
import { encodeEnvelope } from './envelope.ts';
import { readCheckpointFile, type SkippedCheckpoint } from './read-checkpoint-file.ts';
import { StateLog, type StateLogOptions } from './state-log.ts';
import { isTempFileName, writeFileAtomic } from './write-file-atomic.ts';

/** Options of {@link CheckpointDirectory.open}. */
export interface CheckpointDirectoryOptions {
  /** Every file records it; a file of another application is refused. */
  readonly applicationId: string;
  /** Fingerprint of the stream graph; a file with another one is refused with CheckpointMismatchError. */
  readonly fingerprint: string;
  /** Valid metadata checkpoints kept; older files are deleted after a newer one is durable. Default 10. */
  readonly retainCheckpoints?: number;
  /** Called for each corrupt file a reader skips. */
  readonly onSkipped?: (skipped: SkippedCheckpoint) => void;
  /** Called when the lock of a dead process is taken over. */
  readonly onLockTakenOver?: (previous: LockHolder) => void;
  /** File-system operations; fault tests inject failures here. */
  readonly fs?: CheckpointFs;
}

/** One metadata checkpoint file, identified by its name. */
export interface CheckpointFileInfo {
  readonly path: string;
  readonly name: string;
  readonly batchTimeMs: number;
  /** Order among checkpoints of the same batch time (generation, then completion, …). */
  readonly sequence: number;
}

/** What recovery found: nothing (a new directory) or the newest valid checkpoint. */
export type MetadataRecovery =
  | { readonly status: 'empty' }
  | {
      readonly status: 'recovered';
      readonly checkpoint: CheckpointFileInfo;
      readonly payload: unknown;
      /** Newer files that were corrupt and passed over, newest first. */
      readonly skipped: readonly SkippedCheckpoint[];
    };

const METADATA_NAME = /^checkpoint-(\d+)-(\d+)\.ckpt$/;
const SAFE_OPERATOR_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A checkpoint directory owned by one live process: metadata checkpoints `checkpoint-<batchTimeMs>-<seq>.ckpt`,
 * newest first, with fallback past corrupt files, retention, and per-(operator, partition) state logs under
 * `state/<operatorId>/<partition>/`. Spark's equivalent is `CheckpointWriter`/`CheckpointReader` over
 * `checkpoint-<ms>` files; Sluice adds a CRC-checked envelope, a lock, and a distinct error instead of a
 * silent fresh start.
 */
export class CheckpointDirectory {
  readonly path: string;
  readonly applicationId: string;
  readonly fingerprint: string;
  /** Temp files of interrupted writes removed when the directory was opened. */
  readonly removedTempFiles: readonly string[];
  private readonly fs: CheckpointFs;
  private readonly retain: number;
  private readonly onSkipped: ((skipped: SkippedCheckpoint) => void) | undefined;
  private readonly lock: DirectoryLock;
  private readonly known = new Map<string, boolean>();
  private readonly logs = new Map<string, StateLog>();
  private closed = false;

  private constructor(path: string, options: CheckpointDirectoryOptions, lock: DirectoryLock, removed: string[]) {
    this.path = path;
    this.applicationId = options.applicationId;
    this.fingerprint = options.fingerprint;
    this.fs = options.fs ?? nodeCheckpointFs;
    this.retain = options.retainCheckpoints ?? 10;
    this.onSkipped = options.onSkipped;
    this.lock = lock;
    this.removedTempFiles = removed;
  }

  /**
   * Creates the directory if needed, takes its lock, and removes temp files left by interrupted writes.
   *
   * @throws {InvalidArgumentError} for an empty application id or a retention below 1.
   * @throws {CheckpointLockedError} when another live process holds the directory.
   * @throws {CheckpointWriteError} when the directory cannot be created or written.
   */
  static open(path: string, options: CheckpointDirectoryOptions): CheckpointDirectory {
    if (options.applicationId === '') throw new InvalidArgumentError('applicationId must not be empty');
    const retain = options.retainCheckpoints ?? 10;
    if (!Number.isInteger(retain) || retain < 1) {
      throw new InvalidArgumentError(`retainCheckpoints must be an integer ≥ 1; got ${retain}`);
    }
    const fs = options.fs ?? nodeCheckpointFs;
    try {
      fs.mkdir(path);
    } catch (error) {
      throw new CheckpointWriteError(path, 'mkdir', error);
    }
    const lock = DirectoryLock.acquire(path, options.onLockTakenOver);
    try {
      return new CheckpointDirectory(path, options, lock, removeTempFiles(fs, path));
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /**
   * Writes a metadata checkpoint durably, then deletes checkpoints beyond the retention.
   *
   * @throws {InvalidArgumentError} for a batch time that is not a non-negative safe integer.
   * @throws {CheckpointWriteError} when the write fails; older checkpoints are then left untouched.
   */
  writeMetadata(batchTimeMs: number, payload: unknown): CheckpointFileInfo {
    this.requireOpen();
    if (!Number.isSafeInteger(batchTimeMs) || batchTimeMs < 0) {
      throw new InvalidArgumentError(`batchTimeMs must be a non-negative safe integer; got ${batchTimeMs}`);
    }
    const existing = this.listMetadata();
    const sequence = existing.reduce(
      (max, f) => (f.batchTimeMs === batchTimeMs ? Math.max(max, f.sequence + 1) : max),
      0,
    );
    const name = `checkpoint-${batchTimeMs}-${sequence}.ckpt`;
    const info: CheckpointFileInfo = { path: join(this.path, name), name, batchTimeMs, sequence };
    const bytes = encodeEnvelope(
      { kind: 'metadata', applicationId: this.applicationId, fingerprint: this.fingerprint, position: batchTimeMs },
      payload,
    );
    writeFileAtomic(info.path, bytes, this.fs);
    this.known.set(name, true);
    this.applyRetention(info);
    return info;
  }

  /** Metadata checkpoint files, newest first (by batch time, then sequence); validity is not checked. */
  listMetadata(): CheckpointFileInfo[] {
    const files: CheckpointFileInfo[] = [];
    for (const name of this.fs.readdir(this.path)) {
      const match = METADATA_NAME.exec(name);
      if (match === null) continue;
      const batchTimeMs = Number(match[1]);
      const sequence = Number(match[2]);
      if (!Number.isSafeInteger(batchTimeMs) || !Number.isSafeInteger(sequence)) continue;
      files.push({ path: join(this.path, name), name, batchTimeMs, sequence });
    }
    return files.sort((a, b) => b.batchTimeMs - a.batchTimeMs || b.sequence - a.sequence);
  }

  /**
   * Reads one metadata checkpoint, validating its envelope, application id, fingerprint and name.
   *
   * @throws {CheckpointCorruptError} and the other errors of `decodeEnvelope`.
   */
  readMetadata(info: CheckpointFileInfo): unknown {
    const decoded = readCheckpointFile(this.fs, info.path, {
      kind: 'metadata',
      applicationId: this.applicationId,
      fingerprint: this.fingerprint,
    });
    if (decoded.header.position !== info.batchTimeMs) {
      throw new CheckpointCorruptError(
        info.path,
        'name-mismatch',
        `the file name says batch ${info.batchTimeMs} ms, the header says ${decoded.header.position} ms`,
      );
    }
    this.known.set(info.name, true);
    return decoded.payload;
  }

  /**
   * Finds the newest valid metadata checkpoint, skipping corrupt files and files of another application
   * (swapped in from elsewhere; each reported to `onSkipped`). An empty directory is `{ status: 'empty' }`:
   * nothing to recover.
   *
   * @throws {NoValidCheckpointError} when checkpoint files exist but none is valid.
   * @throws {CheckpointVersionError} / {CheckpointMismatchError} at the first file of this application
   *   that is intact but cannot be used (a newer format, a changed graph): falling back past it would
   *   silently recover older data.
   */
  recoverMetadata(): MetadataRecovery {
    this.requireOpen();
    const files = this.listMetadata();
    if (files.length === 0) return { status: 'empty' };
    const skipped: SkippedCheckpoint[] = [];
    for (const info of files) {
      try {
        const payload = this.readMetadata(info);
        return { status: 'recovered', checkpoint: info, payload, skipped };
      } catch (error) {
        if (!(error instanceof CheckpointCorruptError || error instanceof CheckpointForeignError)) throw error;
        this.known.set(info.name, false);
        const skip = { path: info.path, error };
        skipped.push(skip);
        this.onSkipped?.(skip);
      }
    }
    throw new NoValidCheckpointError(
      this.path,
      skipped.map((s): { path: string; error: SluiceError } => ({ path: s.path, error: s.error })),
    );
  }

  /**
   * The incremental state log of one operator's partition, under `state/<operatorId>/<partition>/`. The
   * same object is returned for the same operator and partition (it holds the chain's head), so options
   * apply from the first call.
   *
   * @throws {InvalidArgumentError} for an operator id that is not a safe file name, or a bad partition.
   */
  stateLog(operatorId: string, partition: number, options: StateLogOptions = {}): StateLog {
    this.requireOpen();
    if (!SAFE_OPERATOR_ID.test(operatorId)) {
      throw new InvalidArgumentError(`operatorId must match ${SAFE_OPERATOR_ID}; got '${operatorId}'`);
    }
    if (!Number.isSafeInteger(partition) || partition < 0) {
      throw new InvalidArgumentError(`partition must be a non-negative integer; got ${partition}`);
    }
    const path = join(this.path, 'state', operatorId, String(partition));
    let log = this.logs.get(path);
    if (log === undefined) {
      log = new StateLog(path, {
        ...options,
        applicationId: this.applicationId,
        fingerprint: this.fingerprint,
        fs: this.fs,
        onSkipped: options.onSkipped ?? this.onSkipped,
      });
      this.logs.set(path, log);
    }
    return log;
  }

  /** Releases the lock; the object cannot be used afterwards. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lock.release();
  }

  // Keeps the newest `retain` valid checkpoints and everything newer than the oldest of them; deletes the
  // rest. Runs only after a new checkpoint is durable, and never deletes that checkpoint.
  private applyRetention(justWritten: CheckpointFileInfo): void {
    let valid = 0;
    for (const info of this.listMetadata()) {
      if (valid < this.retain) {
        if (this.isValid(info)) valid++;
        continue;
      }
      if (info.name === justWritten.name) continue;
      try {
        this.fs.unlink(info.path);
      } catch (error) {
        throw new CheckpointWriteError(info.path, 'retention delete', error);
      }
      this.known.delete(info.name);
      crashPoint('checkpoint.afterRetentionDelete');
    }
  }

  private isValid(info: CheckpointFileInfo): boolean {
    const cached = this.known.get(info.name);
    if (cached !== undefined) return cached;
    let valid = true;
    try {
      this.readMetadata(info);
    } catch {
      valid = false;
    }
    this.known.set(info.name, valid);
    return valid;
  }

  private requireOpen(): void {
    if (this.closed) throw new IllegalStateError(`Checkpoint directory ${this.path} is closed`);
  }
}

function removeTempFiles(fs: CheckpointFs, root: string): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, depth: number) => {
    for (const name of fs.readdir(dir)) {
      const path = join(dir, name);
      if (isTempFileName(name)) {
        try {
          fs.unlink(path);
        } catch (error) {
          throw new CheckpointWriteError(path, 'temp file removal', error);
        }
        removed.push(path);
      } else if (depth < 3 && (depth > 0 || name === 'state')) {
        sweep(path, depth + 1);
      }
    }
  };
  sweep(root, 0);
  return removed;
}
