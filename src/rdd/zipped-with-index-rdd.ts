import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/**
 * Each record paired with its position in the whole dataset (Spark's `ZippedWithIndexRDD`). As in Spark,
 * creating it counts every partition but the last (a job), so that each partition knows where it starts.
 */
export class ZippedWithIndexRdd<T> extends RddNode<[T, number]> {
  readonly name = 'zipWithIndex';
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly #starts: number[];

  constructor(parent: RddNode<T>) {
    super(parent.ctx);
    this.parent = parent;
    this.numPartitions = parent.numPartitions;
    const starts: number[] = [];
    for (let p = 0, start = 0; p < parent.numPartitions; p++) {
      starts.push(start);
      if (p < parent.numPartitions - 1) start += parent.countPartition(p);
    }
    this.#starts = starts;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return undefined;
  }
  compute(split: number, emit: Emit<[T, number]>): void {
    let i = this.#starts[split];
    this.parent.iterator(split, (x) => {
      emit([x, i++]);
    });
  }
}
