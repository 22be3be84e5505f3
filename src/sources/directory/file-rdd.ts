import { readFileSync } from 'node:fs';
import { BadRecordError, SourceReadError } from '../../core/index.ts';
import { type BatchContext, type Emit, RddNode } from '../../rdd/index.ts';
import type { DeadLetter, DeadLetterFile } from './dead-letter-file.ts';
import type { DecodedLine } from './line-decoder.ts';
import { splitLines } from './line-decoder.ts';

/** What a batch of a file source reads, fixed when the batch is generated. */
export interface FileBatch<T> {
  /** `fileStream (stream 0) at app.ts:3`, for errors. */
  readonly source: string;
  readonly batchTimeMs: number;
  /** The files, one partition each, in this order. */
  readonly files: readonly string[];
  readonly decode: (line: string) => DecodedLine<T>;
  /** Where bad records go; `undefined` fails the batch on the first one. */
  readonly deadLetters: DeadLetterFile | undefined;
  /** Told how many bad records a partition wrote to the dead-letter file (only when it wrote some). */
  readonly onDeadLettered?: (count: number) => void;
}

/**
 * One batch of a file source: partition i is the records of file i, read when the partition is computed.
 * Bad records fail the batch, or go to the dead-letter file once per partition however often the
 * partition is computed.
 */
export class FileRdd<T> extends RddNode<T> {
  readonly name = 'fileStream';
  readonly batch: FileBatch<T>;
  readonly #deadLettered = new Set<number>();

  constructor(ctx: BatchContext, batch: FileBatch<T>) {
    super(ctx);
    this.batch = batch;
  }
  get numPartitions(): number {
    return this.batch.files.length;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(split: number, emit: Emit<T>): void {
    const { source, files, decode, deadLetters, batchTimeMs } = this.batch;
    const file = files[split];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new SourceReadError(source, `file ${file} (batch ${batchTimeMs} ms)`, e);
    }
    const lines = splitLines(text);
    const bad: DeadLetter[] = [];
    for (let i = 0; i < lines.length; i++) {
      const decoded = decode(lines[i]);
      if (decoded === 'skip') continue;
      if (decoded.ok) {
        emit(decoded.value);
        continue;
      }
      if (deadLetters === undefined) throw new BadRecordError(source, `${file} line ${i + 1}`, decoded.reason);
      bad.push({ source, file, line: i + 1, batchTimeMs, reason: decoded.reason, raw: lines[i] });
    }
    if (deadLetters !== undefined && !this.#deadLettered.has(split)) {
      this.#deadLettered.add(split);
      deadLetters.write(bad);
      if (bad.length > 0) this.batch.onDeadLettered?.(bad.length);
    }
  }
}
