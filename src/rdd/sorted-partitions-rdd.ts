import type { Comparator } from '../core/index.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** Sorts each partition by key (stable), the second half of sortByKey after the range shuffle. */
export class SortedPartitionsRdd<K, V> extends RddNode<[K, V]> {
  readonly name = 'sortByKey';
  readonly numPartitions: number;
  readonly parent: RddNode<[K, V]>;
  readonly compare: Comparator<K>;
  readonly ascending: boolean;
  constructor(parent: RddNode<[K, V]>, compare: Comparator<K>, ascending: boolean) {
    super(parent.ctx);
    this.parent = parent;
    this.compare = compare;
    this.ascending = ascending;
    this.numPartitions = parent.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.parent.partitioner;
  }
  compute(split: number, emit: Emit<[K, V]>): void {
    const items = this.parent.collectPartition(split);
    const compare = this.compare;
    try {
      items.sort(this.ascending ? (a, b) => compare(a[0], b[0]) : (a, b) => compare(b[0], a[0]));
    } catch (e) {
      throw this.fail(split, e);
    }
    for (let i = 0; i < items.length; i++) emit(items[i]);
  }
}
