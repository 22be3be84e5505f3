import { type BatchContext, type Emit, RddNode } from '../rdd/index.ts';

/** A batch's received blocks as a dataset, one partition per block, in block order (Spark's `BlockRDD`). */
export class BlockRdd<T> extends RddNode<T> {
  readonly name = 'receiverStream';
  readonly numPartitions: number;
  readonly #blocks: readonly (readonly T[])[];

  constructor(ctx: BatchContext, blocks: readonly (readonly T[])[]) {
    super(ctx);
    this.#blocks = blocks;
    this.numPartitions = blocks.length;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(split: number, emit: Emit<T>): void {
    for (const record of this.#blocks[split]) emit(record);
  }
  override countPartition(split: number): number {
    return this.#blocks[split].length;
  }
}
