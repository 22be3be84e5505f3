import { DStream } from '../../dstream/index.ts';
import type { FileInputDStream } from './file-input-dstream.ts';

/**
 * The stream of a directory source (`ssc.textFileStream`, `ssc.fileStream`): a {@link DStream} that also
 * tells which files each remembered batch read and how many bad records went to the dead-letter file.
 */
export class FileStream<T> extends DStream<T> {
  readonly #input: FileInputDStream<T>;

  constructor(input: FileInputDStream<T>) {
    super(input);
    this.#input = input;
  }

  /** The files batch `timeMs` read, in partition order, while the batch is remembered. */
  filesOf(timeMs: number): readonly string[] | undefined {
    return this.#input.filesOf(timeMs);
  }

  /** Bad records written to the dead-letter file since the program started (0 without `deadLetter`). */
  get deadLetterCount(): number {
    return this.#input.deadLetters?.count ?? 0;
  }
}
