import { JavaRandom } from '../core/index.ts';
import type { Partitioner } from './partitioner.ts';
import type { PartitionSampler } from './random-sampler.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/**
 * A random sample of each partition of its parent (Spark's `PartitionwiseSampledRDD`): partition i is
 * sampled with the i-th long drawn from a `java.util.Random` seeded with `seed`, so a seed gives the same
 * sample on every computation.
 */
export class PartitionwiseSampledRdd<T> extends RddNode<T> {
  readonly name: string;
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly #sampler: PartitionSampler;
  readonly #seeds: bigint[];
  readonly #preservesPartitioning: boolean;

  constructor(
    parent: RddNode<T>,
    sampler: PartitionSampler,
    seed: bigint,
    preservesPartitioning: boolean,
    name = 'sample',
  ) {
    super(parent.ctx);
    this.parent = parent;
    this.name = name;
    this.numPartitions = parent.numPartitions;
    this.#sampler = sampler;
    this.#preservesPartitioning = preservesPartitioning;
    const random = new JavaRandom(seed);
    this.#seeds = Array.from({ length: parent.numPartitions }, () => random.nextLong());
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.#preservesPartitioning ? this.parent.partitioner : undefined;
  }
  compute(split: number, emit: Emit<T>): void {
    const sampled = this.#sampler(this.parent.collectPartition(split), this.#seeds[split]);
    for (let i = 0; i < sampled.length; i++) emit(sampled[i]);
  }
}
