import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** `filter`: keeps the parent's partitioner, since keys do not move. */
export class FilteredRdd<T> extends RddNode<T> {
  readonly name = 'filter';
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly predicate: (x: T) => boolean;
  constructor(parent: RddNode<T>, predicate: (x: T) => boolean) {
    super(parent.ctx);
    this.parent = parent;
    this.predicate = predicate;
    this.numPartitions = parent.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.parent.partitioner;
  }
  compute(split: number, emit: Emit<T>): void {
    const p = this.predicate;
    this.parent.iterator(split, (x) => {
      let keep: boolean;
      try {
        keep = p(x);
      } catch (e) {
        throw this.fail(split, e);
      }
      if (keep) emit(x);
    });
  }
}
