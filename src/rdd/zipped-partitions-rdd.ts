import { InvalidArgumentError } from '../core/index.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/**
 * Partition i is a function of partition i of every parent (Spark's `ZippedPartitionsRDD2`–`4`); `zip`
 * and `zipPartitions` build it. The parents must have equally many partitions.
 */
export class ZippedPartitionsRdd<U> extends RddNode<U> {
  readonly name: string;
  readonly numPartitions: number;
  readonly #parents: readonly RddNode<unknown>[];
  readonly #f: (partitions: unknown[][], index: number) => Iterable<U>;
  readonly #preservesPartitioning: boolean;
  readonly #userFunction: boolean;

  /**
   * `userFunction` false marks `f` as Sluice's own (zip's), whose errors are not blamed on the user.
   *
   * @throws InvalidArgumentError when the parents' partition counts differ */
  constructor(
    parents: readonly RddNode<unknown>[],
    f: (partitions: unknown[][], index: number) => Iterable<U>,
    preservesPartitioning: boolean,
    name = 'zipPartitions',
    userFunction = true,
  ) {
    super(parents[0].ctx);
    const counts = parents.map((p) => p.numPartitions);
    if (counts.some((n) => n !== counts[0])) {
      throw new InvalidArgumentError(
        `${name}: cannot zip datasets with unequal numbers of partitions: ${counts.join(', ')} (${parents.map((p) => p.describe()).join(', ')})`,
      );
    }
    this.name = name;
    this.numPartitions = counts[0];
    this.#parents = parents;
    this.#f = f;
    this.#preservesPartitioning = preservesPartitioning;
    this.#userFunction = userFunction;
  }
  get parents(): readonly RddNode<unknown>[] {
    return this.#parents;
  }
  override get partitioner(): Partitioner | undefined {
    return this.#preservesPartitioning ? this.#parents[0].partitioner : undefined;
  }
  compute(split: number, emit: Emit<U>): void {
    const inputs = this.#parents.map((p) => p.collectPartition(split));
    let out: U[];
    try {
      const result = this.#f(inputs, split);
      out = Array.isArray(result) ? result : [...result];
    } catch (e) {
      throw this.#userFunction ? this.fail(split, e) : e;
    }
    for (let i = 0; i < out.length; i++) emit(out[i]);
  }
}
