import { type Emit, RddNode } from './rdd-node.ts';

/**
 * Fewer partitions without a shuffle: output partition i reads the contiguous parent partitions
 * [⌊i·P/n⌋, ⌊(i+1)·P/n⌋), as Spark's coalescer does when no partition has a preferred location.
 */
export class CoalescedRdd<T> extends RddNode<T> {
  readonly name = 'coalesce';
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  constructor(parent: RddNode<T>, maxPartitions: number) {
    super(parent.ctx);
    this.parent = parent;
    this.numPartitions = Math.min(maxPartitions, parent.numPartitions);
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  compute(split: number, emit: Emit<T>): void {
    const total = this.parent.numPartitions;
    const start = Math.floor((split * total) / this.numPartitions);
    const end = Math.floor(((split + 1) * total) / this.numPartitions);
    for (let p = start; p < end; p++) this.parent.iterator(p, emit);
  }
}
