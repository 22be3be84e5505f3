import { InvalidArgumentError, type Time } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import type { Rdd } from '../../rdd/index.ts';
import { ZipfTextGenerator, type ZipfTextOptions } from './zipf-text-generator.ts';

export interface SeededTextStreamOptions extends ZipfTextOptions {
  /** Lines in each batch. Default 1,000. */
  linesPerBatch?: number;
  /** Partitions of each batch. Default: the context's default parallelism. */
  numPartitions?: number;
}

/**
 * A built-in source of Zipf-distributed text needing no service: batch k is a pure function of the seed
 * and k, so it is replayable. The example pipeline and the word-count benchmark read it.
 */
export class SeededTextInputDStream extends InputDStream<string> {
  readonly name = 'seededTextStream';
  readonly generator: ZipfTextGenerator;
  readonly linesPerBatch: number;
  readonly numPartitions: number | undefined;

  constructor(owner: GraphOwner, options: SeededTextStreamOptions = {}) {
    super(owner, 'seededTextStream');
    const { linesPerBatch = 1000, numPartitions } = options;
    if (!Number.isInteger(linesPerBatch) || linesPerBatch < 0) {
      throw new InvalidArgumentError(
        `seededTextStream: linesPerBatch must be a whole number >= 0, got ${linesPerBatch}`,
      );
    }
    this.generator = new ZipfTextGenerator(options);
    this.linesPerBatch = linesPerBatch;
    this.numPartitions = numPartitions;
  }

  compute(time: Time): Rdd<string> {
    const index = (time - (this.zeroTime ?? 0)) / this.slideDurationMs;
    const lines = this.generator.lines(this.linesPerBatch, index);
    this.reportInput(time, lines.length);
    return this.batchContext.parallelize(lines, this.numPartitions ?? this.batchContext.defaultParallelism);
  }
}
