import { InvalidArgumentError } from '../core/index.ts';
import type { BatchContext } from './batch-context.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/**
 * A local array cut into `numSlices` contiguous slices, Spark's `ParallelCollectionRDD`: slice i holds
 * positions [⌊i·n/s⌋, ⌊(i+1)·n/s⌋).
 */
export class ParallelCollectionRdd<T> extends RddNode<T> {
  readonly name = 'parallelize';
  readonly numPartitions: number;
  readonly #data: readonly T[];

  constructor(ctx: BatchContext, data: readonly T[], numSlices: number) {
    super(ctx);
    if (!Number.isInteger(numSlices) || numSlices < 1) {
      throw new InvalidArgumentError(`parallelize: numSlices must be a whole number >= 1, got ${numSlices}`);
    }
    this.#data = data;
    this.numPartitions = numSlices;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(split: number, emit: Emit<T>): void {
    const n = this.#data.length;
    const start = Math.floor((split * n) / this.numPartitions);
    const end = Math.floor(((split + 1) * n) / this.numPartitions);
    const data = this.#data;
    for (let i = start; i < end; i++) emit(data[i]);
  }
}
