import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** One bad record as a dead-letter line: where it came from, why it was refused, and its raw text. */
export interface DeadLetter {
  readonly source: string;
  readonly file: string;
  readonly line: number;
  readonly batchTimeMs: number;
  readonly reason: string;
  readonly raw: string;
}

/**
 * Appends bad records to a JSON Lines file, one object per record, and counts them. Appends are not
 * atomic with the batch: a batch run again after a restart writes its bad records again.
 */
export class DeadLetterFile {
  readonly path: string;
  #count = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** Records written by this program since it started. */
  get count(): number {
    return this.#count;
  }

  write(letters: readonly DeadLetter[]): void {
    if (letters.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${letters.map((l) => JSON.stringify(l)).join('\n')}\n`);
    this.#count += letters.length;
  }
}
