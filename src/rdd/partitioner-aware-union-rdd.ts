import type { BatchContext } from './batch-context.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/**
 * Union of parents that share one partitioner: partition i is the union of every parent's partition i,
 * and the partitioner is kept (Spark's `PartitionerAwareUnionRDD`), so a following keyed operation needs
 * no shuffle.
 */
export class PartitionerAwareUnionRdd<T> extends RddNode<T> {
  readonly name = 'union';
  readonly numPartitions: number;
  readonly #partitioner: Partitioner;
  readonly parentNodes: readonly RddNode<T>[];

  constructor(ctx: BatchContext, parentNodes: readonly RddNode<T>[]) {
    super(ctx);
    this.parentNodes = parentNodes;
    const p = parentNodes[0].partitioner;
    if (p === undefined) throw new Error('PartitionerAwareUnionRdd needs partitioned parents');
    this.#partitioner = p;
    this.numPartitions = p.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return this.parentNodes;
  }
  override get partitioner(): Partitioner {
    return this.#partitioner;
  }
  compute(split: number, emit: Emit<T>): void {
    for (const node of this.parentNodes) node.iterator(split, emit);
  }
}
