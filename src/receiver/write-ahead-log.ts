import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crashPoint, type FrameDefect, frameRecord, readFrames, WriteAheadLogCorruptError } from '../core/index.ts';

const SEGMENT = /^log-(\d{16})\.wal$/;
const segmentName = (firstSeq: number): string => `log-${String(firstSeq).padStart(16, '0')}.wal`;

/** A torn or corrupt end of the newest segment, dropped on recovery (a write the process did not finish). */
export interface DroppedTail {
  readonly segment: string;
  readonly offset: number;
  readonly reason: FrameDefect['reason'];
  /** Bytes removed from the end of the segment. */
  readonly bytes: number;
}

/** What {@link WriteAheadLog.recover} found: every intact record, oldest first, and any dropped tail. */
export interface WriteAheadLogContents {
  readonly records: Uint8Array[];
  readonly droppedTail: DroppedTail | undefined;
}

/**
 * An append-only log of framed records (length + CRC-32) in segment files `log-<first seq>.wal` of one
 * directory (Spark's `FileBasedWriteAheadLog`). `write` adds a record and `sync` makes every record
 * written so far durable with one fsync, so records written together share it (group commit); `append`
 * does both.
 * A new segment starts when the current one passed `segmentBytes`, and after every recovery, so a
 * segment once closed is never written again; sealed segments are deleted whole, oldest first, once every
 * record in them is no longer needed.
 *
 * Recovery reads every segment in order: a bad frame in the newest segment is the torn end of a write
 * the process did not finish and is cut off (and reported), with anything after it; a bad frame in any
 * older segment, or an older segment that is empty, is an error, since records after it in that segment
 * were acknowledged. A segment file that is missing reads as no records (the stream refuses to restart
 * only when a batch it runs again names one of them).
 */
export class WriteAheadLog {
  readonly directory: string;
  readonly segmentBytes: number;
  #fd: number | undefined;
  #segmentSize = 0;
  /** Records were written to the current segment since its last fsync. */
  #dirty = false;
  #broken: Error | undefined;
  /** First sequence number of each segment, ascending; the last one is the one being written, if open. */
  #segments: number[] = [];

  constructor(directory: string, segmentBytes: number) {
    this.directory = directory;
    this.segmentBytes = segmentBytes;
  }

  /**
   * Reads every record back, cutting off a torn end of the newest segment (made durable before anything
   * is appended), and lists the segments for later deletion.
   * @throws {WriteAheadLogCorruptError} when a segment other than the newest holds a bad frame
   */
  recover(): WriteAheadLogContents {
    mkdirSync(this.directory, { recursive: true });
    const segments = readdirSync(this.directory)
      .map((name) => SEGMENT.exec(name))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const records: Uint8Array[] = [];
    let droppedTail: DroppedTail | undefined;
    for (let i = 0; i < segments.length; i++) {
      const path = join(this.directory, segmentName(segments[i]));
      const bytes = readFileSync(path);
      // A segment is created by the append that writes its first record; only a kill in between leaves it
      // empty, and then it is the newest. An older empty segment lost its records.
      if (bytes.length === 0 && i < segments.length - 1) throw new WriteAheadLogCorruptError(path, 0, 'empty-segment');
      const read = readFrames(bytes);
      records.push(...read.payloads);
      if (read.defect === undefined) continue;
      if (i < segments.length - 1) throw new WriteAheadLogCorruptError(path, read.defect.offset, read.defect.reason);
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, read.validBytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      droppedTail = {
        segment: path,
        offset: read.defect.offset,
        reason: read.defect.reason,
        bytes: bytes.length - read.validBytes,
      };
    }
    // A segment created by a run killed before its first record: its name would be taken again.
    const last = segments[segments.length - 1];
    if (last !== undefined && readFileSync(join(this.directory, segmentName(last))).length === 0) {
      unlinkSync(join(this.directory, segmentName(last)));
      segments.pop();
    }
    this.#segments = segments;
    return { records, droppedTail };
  }

  /**
   * Writes one record, the `seq`-th (ascending across calls), to the current segment, not yet durable:
   * {@link sync} makes every record written so far durable with one fsync (group commit). A write that
   * fails is cut off again, so the segment never holds a torn frame before later ones.
   * @throws the file system's error, or the error that broke the log before (a failed fsync or cut)
   */
  write(seq: number, payload: Uint8Array): void {
    if (this.#broken !== undefined) throw this.#broken;
    if (this.#fd === undefined || this.#segmentSize >= this.segmentBytes) this.#roll(seq);
    const fd = this.#fd as number;
    const frame = frameRecord(payload);
    let done = 0;
    try {
      while (done < frame.length) {
        done += writeSync(fd, frame, done, frame.length - done);
        crashPoint('wal.afterWrite');
      }
    } catch (e) {
      try {
        if (done > 0) ftruncateSync(fd, this.#segmentSize);
      } catch (cut) {
        this.#broken = cut instanceof Error ? cut : new Error(String(cut));
      }
      throw e;
    }
    this.#segmentSize += frame.length;
    this.#dirty = true;
  }

  /**
   * Makes every record written so far durable: one fsync of the current segment (new segments' directory
   * entries are fsynced when they are made). After a failed fsync the state of the written pages is
   * unknown, so the log refuses every later write and sync.
   * @throws the fsync's error, or the error that broke the log before
   */
  sync(): void {
    if (this.#broken !== undefined) throw this.#broken;
    if (!this.#dirty || this.#fd === undefined) return;
    crashPoint('wal.beforeFsync');
    try {
      fsyncSync(this.#fd);
    } catch (e) {
      this.#broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    }
    this.#dirty = false;
    crashPoint('wal.afterFsync');
  }

  /** Writes one record and makes it durable at once (a group of one). */
  append(seq: number, payload: Uint8Array): void {
    this.write(seq, payload);
    this.sync();
  }

  /**
   * Deletes the closed segments holding only records with sequence numbers below `seq` (every record of
   * a segment precedes the next segment's first). The segment being written is never deleted.
   * @returns the paths deleted
   */
  deleteBefore(seq: number): string[] {
    const deleted: string[] = [];
    while (this.#segments.length > 1 && this.#segments[1] <= seq) {
      const path = join(this.directory, segmentName(this.#segments[0]));
      unlinkSync(path);
      deleted.push(path);
      this.#segments.shift();
    }
    return deleted;
  }

  /** The segment files, oldest first. */
  segmentPaths(): string[] {
    return this.#segments.map((s) => join(this.directory, segmentName(s)));
  }

  /** Closes the current segment; records written since the last {@link sync} may not be durable. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    this.#dirty = false;
  }

  #roll(firstSeq: number): void {
    // The segment being closed is never written again: what it holds is made durable first.
    this.sync();
    this.close();
    this.#fd = openSync(join(this.directory, segmentName(firstSeq)), 'wx');
    this.#segmentSize = 0;
    this.#segments.push(firstSeq);
    const dir = openSync(this.directory, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
