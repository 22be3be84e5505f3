import { type Emit, RddNode } from './rdd-node.ts';

/**
 * The partitions of its parent whose index passes `keep`, renumbered from 0 (Spark's
 * `PartitionPruningRDD`); the others are never computed. Used by `filterByRange` on range-partitioned
 * data. It has no partitioner, as in Spark, since the parent's no longer numbers its partitions.
 */
export class PartitionPruningRdd<T> extends RddNode<T> {
  readonly name = 'filterByRange';
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly #kept: number[];

  constructor(parent: RddNode<T>, keep: (index: number) => boolean) {
    super(parent.ctx);
    this.parent = parent;
    this.#kept = Array.from({ length: parent.numPartitions }, (_, i) => i).filter(keep);
    this.numPartitions = this.#kept.length;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  compute(split: number, emit: Emit<T>): void {
    this.parent.iterator(this.#kept[split], emit);
  }
}
