import { readdirSync, type Stats, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type Clock, InvalidArgumentError, SourceReadError, type Time } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import { Rdd } from '../../rdd/index.ts';
import { DeadLetterFile } from './dead-letter-file.ts';
import { FileRdd } from './file-rdd.ts';
import { type FileDecoder, lineDecoder } from './line-decoder.ts';

export interface FileStreamOptions<T> {
  /** Which files to read, by path. Default: every file whose name does not start with `.`. */
  filter?: (path: string) => boolean;
  /** Ignore the files already there when the program first starts (default true), as Spark does. */
  newFilesOnly?: boolean;
  /** How lines become records: `'text'` (default), `'json'`, or a function of the line. */
  decode?: FileDecoder<T>;
  /**
   * A line the decoder refuses: `'fail'` (default) fails the batch naming the file, the line and the
   * reason; `'deadLetter'` writes it to `deadLetterPath` and goes on.
   */
  onBadRecord?: 'fail' | 'deadLetter';
  /** The JSON Lines file bad records are appended to; required with `onBadRecord: 'deadLetter'`. */
  deadLetterPath?: string;
  /**
   * How long the files of past batches are remembered (Spark's `spark.streaming.fileStream.minRememberDuration`,
   * default 60 000): a file whose modification time is older than this when it appears is never read.
   */
  minRememberDurationMs?: number;
}

/** What a file source keeps in a checkpoint: the files of each remembered batch and the initial threshold. */
interface FileSourceCheckpoint {
  readonly initialThresholdMs: number;
  readonly batches: readonly (readonly [timeMs: number, files: readonly string[]])[];
}

const visible = (path: string): boolean => !basename(path).startsWith('.');

/**
 * New files of a directory, batch by batch (Spark's `FileInputDStream`). A file belongs to the first batch
 * whose time is at or after its modification time, unless it is older than the remember window (or, with
 * `newFilesOnly`, than the program's start) or was taken by an earlier batch. A batch's file list is fixed
 * when the batch is generated and kept in the checkpoint, so a batch run again after a restart reads the
 * same files, and they are not read again later. Files must appear whole (written elsewhere, then moved
 * in) and not change afterwards.
 */
export class FileInputDStream<T> extends InputDStream<T> {
  readonly name: string;
  readonly directory: string;
  readonly filter: (path: string) => boolean;
  readonly newFilesOnly: boolean;
  readonly decoder: FileDecoder<T>;
  readonly deadLetters: DeadLetterFile | undefined;
  /** The remember window: Spark's minimum remember duration rounded up to whole batches. */
  readonly durationToRememberMs: number;
  readonly #clock: Clock;
  readonly #decode: ReturnType<typeof lineDecoder<T>>;
  #initialThresholdMs: number | undefined;
  readonly #selected = new Map<number, readonly string[]>();
  readonly #recent = new Set<string>();
  #latestTime: number | undefined;

  constructor(owner: GraphOwner, clock: Clock, directory: string, options: FileStreamOptions<T>, name = 'fileStream') {
    super(owner, name);
    this.name = name;
    if (typeof directory !== 'string' || directory === '') {
      throw new InvalidArgumentError(`${name}: the directory must be a non-empty path, got ${String(directory)}`);
    }
    const o = options ?? {};
    const { filter = visible, newFilesOnly = true, decode = 'text', onBadRecord = 'fail' } = o;
    const minRememberMs = o.minRememberDurationMs ?? 60_000;
    if (!Number.isInteger(minRememberMs) || minRememberMs <= 0) {
      throw new InvalidArgumentError(`${name}: minRememberDurationMs must be a whole number > 0, got ${minRememberMs}`);
    }
    if (decode !== 'text' && decode !== 'json' && typeof decode !== 'function') {
      throw new InvalidArgumentError(`${name}: decode must be 'text', 'json' or a function, got ${String(decode)}`);
    }
    if (onBadRecord !== 'fail' && onBadRecord !== 'deadLetter') {
      throw new InvalidArgumentError(`${name}: onBadRecord must be 'fail' or 'deadLetter', got ${String(onBadRecord)}`);
    }
    if (onBadRecord === 'deadLetter' && (typeof o.deadLetterPath !== 'string' || o.deadLetterPath === '')) {
      throw new InvalidArgumentError(`${name}: onBadRecord 'deadLetter' needs a deadLetterPath`);
    }
    this.directory = resolve(directory);
    this.filter = filter;
    this.newFilesOnly = newFilesOnly;
    this.decoder = decode;
    this.#decode = lineDecoder(decode);
    this.deadLetters = onBadRecord === 'deadLetter' ? new DeadLetterFile(resolve(o.deadLetterPath ?? '')) : undefined;
    this.#clock = clock;
    this.durationToRememberMs = Math.ceil(minRememberMs / this.slideDurationMs) * this.slideDurationMs;
    this.rememberDurationMs = this.durationToRememberMs;
  }

  override fingerprintParams(): string {
    return `dir=${this.directory} decode=${typeof this.decoder === 'function' ? 'function' : this.decoder}`;
  }

  override validateAtStart(): void {
    super.validateAtStart();
    let stats: Stats;
    try {
      stats = statSync(this.directory);
    } catch (e) {
      throw new SourceReadError(this.describe(), `directory ${this.directory}`, e);
    }
    if (!stats.isDirectory()) {
      throw new SourceReadError(this.describe(), `directory ${this.directory}`, new Error('not a directory'));
    }
  }

  /** Files present when the program first started are ignored with `newFilesOnly`; a restart keeps that moment. */
  override start(): void {
    this.#initialThresholdMs ??= this.newFilesOnly ? this.#clock.getTimeMillis() : 0;
  }

  /** The files of batch `time`, while it is remembered. */
  filesOf(time: number): readonly string[] | undefined {
    return this.#selected.get(time);
  }

  compute(time: Time): Rdd<T> {
    let files = this.#selected.get(time);
    if (files === undefined) {
      // A time before the newest batch and not remembered was forgotten: looking for "new" files for it
      // would take files that later batches already read.
      files = this.#latestTime !== undefined && time <= this.#latestTime ? [] : this.#findNewFiles(time);
      this.#selected.set(time, files);
      for (const f of files) this.#recent.add(f);
    }
    this.#latestTime = Math.max(time, this.#latestTime ?? time);
    this.reportInput(time, 0);
    const batch = {
      source: this.describe(),
      batchTimeMs: time,
      files,
      decode: this.#decode,
      deadLetters: this.deadLetters,
      onDeadLettered: (count: number) =>
        this.reportEvent({
          type: 'recordsDeadLettered',
          streamId: this.id,
          name: this.describe(),
          batchTime: time,
          count,
          destination: this.deadLetters?.path ?? '',
        }),
    };
    return new Rdd(new FileRdd(this.batchContext, batch));
  }

  /**
   * Spark's `isNewFile`: passes the filter, modified after the ignore threshold and not after the batch
   * time (a file newer than a batch generated late, after a restart, belongs to a later batch), and not
   * taken by a remembered batch. The threshold trails the previous batch by the remember window, so a
   * catch-up batch after down time (`coalesceDownTime`) reaches back over the whole gap.
   */
  #findNewFiles(time: number): string[] {
    const previous = this.#latestTime ?? time - this.slideDurationMs;
    const threshold = Math.max(
      this.#initialThresholdMs ?? 0,
      previous + this.slideDurationMs - this.durationToRememberMs,
    );
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch (e) {
      throw new SourceReadError(this.describe(), `directory ${this.directory}`, e);
    }
    const found: string[] = [];
    for (const name of names) {
      const path = join(this.directory, name);
      if (!this.filter(path) || this.#recent.has(path)) continue;
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats === undefined || !stats.isFile()) continue;
      const modifiedMs = Math.floor(stats.mtimeMs);
      if (modifiedMs > threshold && modifiedMs <= time) found.push(path);
    }
    return found.sort();
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    const before = time - (this.rememberDurationMs ?? this.durationToRememberMs);
    for (const [t, files] of this.#selected) {
      if (t >= before) continue;
      this.#selected.delete(t);
      for (const f of files) this.#recent.delete(f);
    }
  }

  override checkpointData(): FileSourceCheckpoint {
    const batches = [...this.#selected].sort((a, b) => a[0] - b[0]);
    return { initialThresholdMs: this.#initialThresholdMs ?? 0, batches };
  }

  override restoreCheckpointData(data: unknown): void {
    const d = data as Partial<FileSourceCheckpoint> | undefined;
    if (typeof d?.initialThresholdMs !== 'number' || !Array.isArray(d.batches)) {
      throw new InvalidArgumentError(`${this.describe()}: the checkpoint holds no file lists for this source`);
    }
    this.#initialThresholdMs = d.initialThresholdMs;
    for (const [t, files] of d.batches) {
      this.#selected.set(t, files);
      for (const f of files) this.#recent.add(f);
      this.#latestTime = Math.max(t, this.#latestTime ?? t);
    }
  }
}
