import type { BatchContext } from './batch-context.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** The partitions of every parent, one after another (Spark's `UnionRDD`). */
export class UnionRdd<T> extends RddNode<T> {
  readonly name = 'union';
  readonly numPartitions: number;
  readonly #owner: { node: RddNode<T>; split: number }[] = [];
  readonly parentNodes: readonly RddNode<T>[];

  constructor(ctx: BatchContext, parentNodes: readonly RddNode<T>[]) {
    super(ctx);
    this.parentNodes = parentNodes;
    for (const node of parentNodes) {
      for (let split = 0; split < node.numPartitions; split++) this.#owner.push({ node, split });
    }
    this.numPartitions = this.#owner.length;
  }
  get parents(): readonly RddNode<unknown>[] {
    return this.parentNodes;
  }
  compute(split: number, emit: Emit<T>): void {
    const { node, split: parentSplit } = this.#owner[split];
    node.iterator(parentSplit, emit);
  }
}
