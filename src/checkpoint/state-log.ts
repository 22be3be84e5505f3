import { join } from 'node:path';
import {
  CheckpointCorruptError,
  CheckpointWriteError,
  IllegalStateError,
  InvalidArgumentError,
  keyId,
  NoValidCheckpointError,
} from '../core/index.ts';
import type { CheckpointFs } from './checkpoint-fs.ts';
import { encodeEnvelope } from './envelope.ts';
import { readCheckpointFile, type SkippedCheckpoint } from './read-checkpoint-file.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/** Options of a {@link StateLog}. */
export interface StateLogOptions {
  /** Deltas after a full snapshot before {@link StateLog.needsFullSnapshot} turns true. Default 10. */
  readonly fullSnapshotEvery?: number;
  /**
   * Full snapshots kept (with the deltas after the oldest of them), so recovery can fall back to an older
   * metadata checkpoint or past a corrupt snapshot. Default 2.
   */
  readonly retainFullSnapshots?: number;
  /** Called for each corrupt file a read skips; defaults to the directory's callback. */
  readonly onSkipped?: (skipped: SkippedCheckpoint) => void;
}

/**
 * Entries of a state file column by column: entry `i` is `keys[i]`, `states[i]`, `updatedAtMs[i]`. One
 * array per field rather than an object per entry: a million entries decode as three arrays, not a
 * million objects to allocate and collect.
 */
export interface StateLogColumns {
  readonly keys: readonly unknown[];
  readonly states: readonly unknown[];
  readonly updatedAtMs: ArrayLike<number>;
}

/** One key's entry in the state rebuilt by {@link StateLog.readAt}. */
export interface StateLogEntry {
  readonly key: unknown;
  readonly state: unknown;
  readonly updatedAtMs: number;
}

/** The state rebuilt by {@link StateLog.readAt}. */
export interface StateLogSnapshot {
  /** The version reached: the requested one, or earlier when a delta was missing or corrupt. */
  readonly version: number;
  /** The entries by key identity (`keyId`). */
  readonly entries: Map<unknown, StateLogEntry>;
  /** Corrupt files passed over (a snapshot that fell back, or the delta that ended the chain). */
  readonly skipped: readonly SkippedCheckpoint[];
}

/** One delta of a {@link StateLogChain}: the entries it changed and the keys it removed. */
export interface StateLogDelta {
  readonly version: number;
  readonly changed: StateLogColumns;
  readonly removed: readonly unknown[];
}

/** What {@link StateLog.readChain} found: a full snapshot and the deltas that follow it, not applied. */
export interface StateLogChain {
  /** The version reached: the requested one, or earlier when a delta was missing or corrupt. */
  readonly version: number;
  readonly full: StateLogColumns;
  readonly deltas: readonly StateLogDelta[];
  /** Corrupt files passed over. */
  readonly skipped: readonly SkippedCheckpoint[];
}

// The payloads as encoded; update times as a Float64Array, which the codec carries as raw bytes.
interface FullPayload {
  keys: unknown[];
  states: unknown[];
  updatedAtMs: Float64Array;
}
interface DeltaPayload extends FullPayload {
  previousVersion: number;
  previousCrc: number;
  removed: unknown[];
}
interface Head {
  version: number;
  crc: number;
  deltasSinceFull: number;
}
interface LogFile {
  kind: 'full' | 'delta';
  version: number;
  path: string;
}

/** The columns as a payload, after checking they have one value per entry each. */
function payloadOf(columns: StateLogColumns): FullPayload {
  const { keys, states, updatedAtMs } = columns;
  if (states.length !== keys.length || updatedAtMs.length !== keys.length) {
    throw new InvalidArgumentError(
      `State columns must have one value per entry; got ${keys.length} keys, ${states.length} states and ${updatedAtMs.length} update times`,
    );
  }
  return {
    keys: keys as unknown[],
    states: states as unknown[],
    updatedAtMs: updatedAtMs instanceof Float64Array ? updatedAtMs : Float64Array.from(updatedAtMs),
  };
}

/** Whether a decoded payload holds well-formed columns. */
function hasColumns(payload: unknown): payload is FullPayload {
  const p = payload as Partial<FullPayload> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.keys) &&
    Array.isArray(p.states) &&
    p.updatedAtMs instanceof Float64Array &&
    p.states.length === p.keys.length &&
    p.updatedAtMs.length === p.keys.length
  );
}

function columns(payload: FullPayload): StateLogColumns {
  return { keys: payload.keys, states: payload.states, updatedAtMs: payload.updatedAtMs };
}

/** The entries a chain ends with (its snapshot, then each delta's removals and changes), by `keyId`. */
export function chainEntries(chain: StateLogChain): Map<unknown, StateLogEntry> {
  const entries = new Map<unknown, StateLogEntry>();
  const put = (c: StateLogColumns) => {
    for (let i = 0; i < c.keys.length; i++) {
      entries.set(keyId(c.keys[i]), { key: c.keys[i], state: c.states[i], updatedAtMs: c.updatedAtMs[i] });
    }
  };
  put(chain.full);
  for (const delta of chain.deltas) {
    for (const key of delta.removed) entries.delete(keyId(key));
    put(delta.changed);
  }
  return entries;
}

const FILE_NAME = /^(full|delta)-(\d+)\.ckpt$/;

/**
 * Incremental checkpoints of one operator's partition: full snapshots and deltas (changed entries and
 * removed keys), each an enveloped, CRC-checked file. A delta names the version and CRC of the file before
 * it, so a chain cannot silently splice in a file from an abandoned run. Entries are key, state and
 * update time, stored column by column ({@link StateLogColumns}); keys are compared by `keyId`. Spark
 * checkpoints the whole state RDD each time; a delta here costs what changed.
 */
export class StateLog {
  readonly path: string;
  private readonly fs: CheckpointFs;
  private readonly applicationId: string;
  private readonly fingerprint: string;
  private readonly fullEvery: number;
  private readonly retainFulls: number;
  private readonly onSkipped: ((skipped: SkippedCheckpoint) => void) | undefined;
  private head: Head | undefined;
  private directoryReady = false;

  /** Created by `CheckpointDirectory.stateLog`. @internal */
  constructor(
    path: string,
    options: StateLogOptions & { applicationId: string; fingerprint: string; fs: CheckpointFs },
  ) {
    this.path = path;
    this.fs = options.fs;
    this.applicationId = options.applicationId;
    this.fingerprint = options.fingerprint;
    this.fullEvery = options.fullSnapshotEvery ?? 10;
    this.retainFulls = options.retainFullSnapshots ?? 2;
    this.onSkipped = options.onSkipped;
    if (!Number.isInteger(this.fullEvery) || this.fullEvery < 1) {
      throw new InvalidArgumentError(`fullSnapshotEvery must be an integer ≥ 1; got ${this.fullEvery}`);
    }
    if (!Number.isInteger(this.retainFulls) || this.retainFulls < 1) {
      throw new InvalidArgumentError(`retainFullSnapshots must be an integer ≥ 1; got ${this.retainFulls}`);
    }
  }

  /** True when no full snapshot starts the chain yet or `fullSnapshotEvery` deltas followed the last one. */
  get needsFullSnapshot(): boolean {
    return this.head === undefined || this.head.deltasSinceFull >= this.fullEvery;
  }

  /** The version of the last snapshot written or read, if any. */
  get headVersion(): number | undefined {
    return this.head?.version;
  }

  /**
   * Deletes every file of the log and starts it afresh: for a run that recovered from a metadata
   * checkpoint naming no state version of this operator, whatever the log holds was written after that
   * checkpoint by a run that did not complete.
   * @throws {CheckpointWriteError} when a file cannot be deleted.
   */
  discardAll(): void {
    for (const file of this.list()) this.unlink(file.path);
    this.head = undefined;
  }

  /** Versions on disk, ascending. */
  versions(): { full: number[]; delta: number[] } {
    const files = this.list();
    return {
      full: files.filter((f) => f.kind === 'full').map((f) => f.version),
      delta: files.filter((f) => f.kind === 'delta').map((f) => f.version),
    };
  }

  /**
   * Writes a full snapshot durably, then deletes snapshots and deltas no longer needed (beyond
   * `retainFullSnapshots`). Files newer than the head (left by a run that did not complete) are deleted
   * first.
   *
   * @throws {IllegalStateError} when the log has files but was neither read nor written in this process.
   * @throws {InvalidArgumentError} when the version does not follow the head, or the columns differ in length.
   * @throws {CheckpointWriteError} when the write fails.
   */
  writeFull(version: number, entries: StateLogColumns): void {
    this.prepareWrite(version, 'full');
    const payload = payloadOf(entries);
    const crc = this.write('full', version, payload);
    this.head = { version, crc, deltasSinceFull: 0 };
    this.compact();
  }

  /**
   * Writes the changes since the head durably: entries changed or added, and keys removed.
   *
   * @throws {IllegalStateError} when no full snapshot or read established the head.
   * @throws {InvalidArgumentError} when the version does not follow the head, or the columns differ in length.
   * @throws {CheckpointWriteError} when the write fails.
   */
  writeDelta(version: number, changed: StateLogColumns, removedKeys: readonly unknown[]): void {
    const head = this.prepareWrite(version, 'delta');
    if (head === undefined) {
      throw new IllegalStateError(`State log ${this.path}: write a full snapshot before the first delta`);
    }
    const payload: DeltaPayload = {
      previousVersion: head.version,
      previousCrc: head.crc,
      ...payloadOf(changed),
      removed: removedKeys as unknown[],
    };
    const crc = this.write('delta', version, payload);
    this.head = { version, crc, deltasSinceFull: head.deltasSinceFull + 1 };
  }

  /**
   * Rebuilds the state at `version` (default: the newest on disk): the newest valid full snapshot at or
   * before it, then the deltas that follow it in an unbroken chain. A corrupt snapshot falls back to an
   * older one; a corrupt or missing delta ends the chain at the version before it. Both are reported to
   * `onSkipped`. The version reached becomes the head that later writes follow. Returns `undefined` when the
   * log has no files (nothing to recover).
   *
   * @throws {NoValidCheckpointError} when files exist but no valid full snapshot at or before `version`.
   * @throws {CheckpointVersionError} / {CheckpointForeignError} / {CheckpointMismatchError} for an intact
   *   file that cannot be used.
   */
  readAt(version?: number): StateLogSnapshot | undefined {
    const chain = this.readChain(version);
    if (chain === undefined) return undefined;
    return { version: chain.version, entries: chainEntries(chain), skipped: chain.skipped };
  }

  /**
   * The files {@link readAt} would apply, checked but not applied: the full snapshot's entries and each
   * delta of the unbroken chain after it, oldest first, as decoded columns. For a caller that applies
   * them itself more cheaply (a state store restoring column by column). Same errors, fallbacks and head
   * as `readAt`.
   */
  readChain(version?: number): StateLogChain | undefined {
    const files = this.list();
    if (files.length === 0) return undefined;
    const target = version ?? files[files.length - 1].version;
    const skipped: SkippedCheckpoint[] = [];
    const skip = (error: CheckpointCorruptError) => {
      const s = { path: error.path, error };
      skipped.push(s);
      this.onSkipped?.(s);
    };
    const fulls = files.filter((f) => f.kind === 'full' && f.version <= target).reverse();
    for (const full of fulls) {
      let payload: FullPayload;
      let crc: number;
      try {
        const decoded = this.read(full);
        if (!hasColumns(decoded.payload)) throw this.corrupt(full, 'bad-header', 'no entry columns');
        payload = decoded.payload;
        crc = decoded.crc;
      } catch (error) {
        if (!(error instanceof CheckpointCorruptError)) throw error;
        skip(error);
        continue;
      }
      const deltas: StateLogDelta[] = [];
      let head: Head = { version: full.version, crc, deltasSinceFull: 0 };
      for (const delta of files) {
        if (delta.kind !== 'delta' || delta.version <= full.version || delta.version > target) continue;
        try {
          const decoded = this.read(delta);
          const d = decoded.payload as DeltaPayload;
          if (!hasColumns(d) || !Array.isArray(d.removed)) {
            throw this.corrupt(delta, 'bad-header', 'no change columns');
          }
          if (d.previousVersion !== head.version || d.previousCrc !== head.crc) {
            throw this.corrupt(
              delta,
              'broken-chain',
              `it follows version ${d.previousVersion}, but the chain is at version ${head.version}`,
            );
          }
          deltas.push({ version: delta.version, changed: columns(d), removed: d.removed });
          head = { version: delta.version, crc: decoded.crc, deltasSinceFull: head.deltasSinceFull + 1 };
        } catch (error) {
          if (!(error instanceof CheckpointCorruptError)) throw error;
          skip(error);
          break;
        }
      }
      this.head = head;
      return { version: head.version, full: columns(payload), deltas, skipped };
    }
    throw new NoValidCheckpointError(
      this.path,
      skipped.map((s) => ({ path: s.path, error: s.error })),
    );
  }

  private prepareWrite(version: number, kind: string): Head | undefined {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new InvalidArgumentError(`State ${kind} version must be a non-negative safe integer; got ${version}`);
    }
    const files = this.list();
    const head = this.head;
    if (head === undefined) {
      if (files.length > 0) {
        throw new IllegalStateError(
          `State log ${this.path} has checkpoints; call readAt before writing so the chain continues from them`,
        );
      }
    } else if (version <= head.version) {
      throw new InvalidArgumentError(
        `State ${kind} version ${version} must be greater than the head version ${head.version} (${this.path})`,
      );
    }
    for (const file of files) {
      if (head !== undefined && file.version > head.version) this.unlink(file.path);
    }
    if (!this.directoryReady) {
      try {
        this.fs.mkdir(this.path);
      } catch (error) {
        throw new CheckpointWriteError(this.path, 'mkdir', error);
      }
      this.directoryReady = true;
    }
    return head;
  }

  private write(kind: 'full' | 'delta', version: number, payload: FullPayload | DeltaPayload): number {
    const bytes = encodeEnvelope(
      {
        kind: kind === 'full' ? 'state-full' : 'state-delta',
        applicationId: this.applicationId,
        fingerprint: this.fingerprint,
        position: version,
      },
      payload,
    );
    writeFileAtomic(join(this.path, `${kind}-${version}.ckpt`), bytes, this.fs);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4);
  }

  private read(file: LogFile) {
    const decoded = readCheckpointFile(this.fs, file.path, {
      kind: file.kind === 'full' ? 'state-full' : 'state-delta',
      applicationId: this.applicationId,
      fingerprint: this.fingerprint,
    });
    if (decoded.header.position !== file.version) {
      throw this.corrupt(
        file,
        'name-mismatch',
        `the file name says version ${file.version}, the header says ${decoded.header.position}`,
      );
    }
    return decoded;
  }

  // Keeps the newest `retainFulls` full snapshots and the deltas after the oldest of them. Runs after a new
  // full snapshot is durable; the new snapshot is always among those kept.
  private compact(): void {
    const files = this.list();
    const fulls = files.filter((f) => f.kind === 'full');
    if (fulls.length <= this.retainFulls) return;
    const oldestKept = fulls[fulls.length - this.retainFulls].version;
    for (const file of files) if (file.version < oldestKept) this.unlink(file.path);
  }

  private corrupt(file: LogFile, reason: ConstructorParameters<typeof CheckpointCorruptError>[1], detail: string) {
    return new CheckpointCorruptError(file.path, reason, detail);
  }

  private unlink(path: string): void {
    try {
      this.fs.unlink(path);
    } catch (error) {
      throw new CheckpointWriteError(path, 'delete', error);
    }
  }

  private list(): LogFile[] {
    const files: LogFile[] = [];
    for (const name of this.fs.readdir(this.path)) {
      const match = FILE_NAME.exec(name);
      if (match === null) continue;
      const version = Number(match[2]);
      if (!Number.isSafeInteger(version)) continue;
      files.push({ kind: match[1] as 'full' | 'delta', version, path: join(this.path, name) });
    }
    return files.sort((a, b) => a.version - b.version);
  }
}
