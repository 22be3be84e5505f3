import type { BatchContext } from './batch-context.ts';
import { RddNode } from './rdd-node.ts';

/** A dataset with no partitions, Spark's `EmptyRDD`. */
export class EmptyRdd<T> extends RddNode<T> {
  readonly name = 'emptyRDD';
  readonly numPartitions = 0;
  constructor(ctx: BatchContext) {
    super(ctx);
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(): void {}
}
