import type { Time } from '../core/index.ts';
import { type GraphOwner, InputDStream } from '../dstream/index.ts';
import type { Rdd } from '../rdd/index.ts';

/**
 * Serves batch i of `batches` at time zero + (i + 1) × batch, cut into `numPartitions` slices like
 * Spark's `makeRDD`; an empty dataset once the batches run out, and no dataset at all for a `null`
 * batch (Spark's `TestInputStream`).
 */
export class TestInputDStream<T> extends InputDStream<T> {
  readonly name = 'testInput';
  readonly batches: readonly (readonly T[] | null)[];
  readonly numPartitions: number;

  constructor(owner: GraphOwner, batches: readonly (readonly T[] | null)[], numPartitions: number) {
    super(owner, 'testInput');
    this.batches = batches;
    this.numPartitions = numPartitions;
  }

  compute(time: Time): Rdd<T> | undefined {
    const index = (time - (this.zeroTime ?? 0)) / this.slideDurationMs - 1;
    const batch = index < this.batches.length ? this.batches[index] : [];
    if (batch === null) return undefined;
    this.reportInput(time, batch.length);
    return this.batchContext.makeRDD(batch, this.numPartitions);
  }
}
