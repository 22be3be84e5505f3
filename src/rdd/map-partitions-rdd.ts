import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** `mapPartitions`, `mapPartitionsWithIndex` and `glom`: a function over a whole partition. */
export class MapPartitionsRdd<T, U> extends RddNode<U> {
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly f: (items: T[], index: number) => Iterable<U>;
  readonly preservesPartitioning: boolean;
  readonly name: string;
  constructor(
    parent: RddNode<T>,
    f: (items: T[], index: number) => Iterable<U>,
    preservesPartitioning = false,
    name = 'mapPartitions',
  ) {
    super(parent.ctx);
    this.parent = parent;
    this.f = f;
    this.preservesPartitioning = preservesPartitioning;
    this.name = name;
    this.numPartitions = parent.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.preservesPartitioning ? this.parent.partitioner : undefined;
  }
  compute(split: number, emit: Emit<U>): void {
    const items = this.parent.collectPartition(split);
    let out: U[];
    try {
      // Drained here so that a lazy (generator) result's errors are blamed on this operation, and a
      // downstream failure is not.
      const result = this.f(items, split);
      out = Array.isArray(result) ? result : [...result];
    } catch (e) {
      throw this.fail(split, e);
    }
    for (let i = 0; i < out.length; i++) emit(out[i]);
  }
}
