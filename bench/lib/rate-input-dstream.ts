import { type GraphOwner, InputDStream, type Rdd, type Time } from '../../src/index.ts';

/**
 * A rate source for benchmarks (Spark's `RateStreamSource`, as a DStream): batch k (counted from 1 after
 * the zero time) holds the numbers k·n … k·n + n − 1 in one partition, n = `recordsPerBatch`.
 */
export class RateInputDStream extends InputDStream<number> {
  readonly name = 'rateStream';
  readonly recordsPerBatch: number;

  constructor(owner: GraphOwner, recordsPerBatch: number) {
    super(owner, 'rateStream');
    this.recordsPerBatch = recordsPerBatch;
  }

  compute(time: Time): Rdd<number> {
    const n = this.recordsPerBatch;
    const first = ((time - (this.zeroTime ?? 0)) / this.slideDurationMs) * n;
    const records = new Array<number>(n);
    for (let i = 0; i < n; i++) records[i] = first + i;
    this.reportInput(time, n);
    return this.batchContext.parallelize(records, 1);
  }
}
