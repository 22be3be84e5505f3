import { type BatchContext, type Emit, RddNode } from '../../rdd/index.ts';

/**
 * The records of one rate batch: values [start, end) dealt round-robin over the partitions (partition p
 * holds start + p, start + p + n, …, as Spark's rate source reads them), each with a timestamp spread
 * evenly over the batch's interval. Computed on demand, so a fast rate holds no arrays.
 */
export class RateRdd extends RddNode<[number, number]> {
  readonly name = 'rateStream';
  readonly numPartitions: number;
  readonly #start: number;
  readonly #end: number;
  readonly #startTimeMs: number;
  readonly #msPerValue: number;

  constructor(
    ctx: BatchContext,
    range: { start: number; end: number; startTimeMs: number; durationMs: number },
    numPartitions: number,
  ) {
    super(ctx);
    this.numPartitions = numPartitions;
    this.#start = range.start;
    this.#end = range.end;
    this.#startTimeMs = range.startTimeMs;
    this.#msPerValue = range.end > range.start ? range.durationMs / (range.end - range.start) : 0;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(split: number, emit: Emit<[number, number]>): void {
    for (let v = this.#start + split; v < this.#end; v += this.numPartitions) {
      emit([this.#startTimeMs + Math.round((v - this.#start) * this.#msPerValue), v]);
    }
  }
}
