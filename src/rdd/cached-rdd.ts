import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** `persist` / `cache`: each partition is computed once and kept for later reads. */
export class CachedRdd<T> extends RddNode<T> {
  readonly name: string;
  readonly numPartitions: number;
  readonly #partitions: (T[] | undefined)[];
  readonly parent: RddNode<T>;
  constructor(parent: RddNode<T>) {
    super(parent.ctx);
    this.parent = parent;
    this.name = parent.name;
    this.numPartitions = parent.numPartitions;
    this.#partitions = new Array(parent.numPartitions);
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.parent.partitioner;
  }
  compute(split: number, emit: Emit<T>): void {
    let items = this.#partitions[split];
    if (items === undefined) {
      items = this.parent.collectPartition(split);
      this.#partitions[split] = items;
    }
    for (let i = 0; i < items.length; i++) emit(items[i]);
  }
}
