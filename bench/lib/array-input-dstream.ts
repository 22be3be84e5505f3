import { type GraphOwner, InputDStream, type Rdd, type Time } from '../../src/index.ts';

/**
 * A source for benchmarks that serves arrays generated before timing: batch k (counted from 0 after the
 * zero time) is `pool[k mod pool.length]`, in `numPartitions` slices. A function of the batch time, so it
 * is replayable and allowed in a checkpointed program (a queue stream is not).
 */
export class ArrayInputDStream<T> extends InputDStream<T> {
  readonly name = 'arrayStream';
  readonly pool: readonly (readonly T[])[];
  readonly numPartitions: number;

  constructor(owner: GraphOwner, pool: readonly (readonly T[])[], numPartitions: number) {
    super(owner, 'arrayStream');
    this.pool = pool;
    this.numPartitions = numPartitions;
  }

  /** The index of the batch at `time` in the pool. */
  poolIndex(time: number): number {
    return ((time - (this.zeroTime ?? 0)) / this.slideDurationMs - 1) % this.pool.length;
  }

  compute(time: Time): Rdd<T> {
    const records = this.pool[this.poolIndex(time)];
    this.reportInput(time, records.length);
    return this.batchContext.parallelize(records as T[], this.numPartitions);
  }
}
