import { HashPartitioner, type Partitioner } from './partitioner.ts';
import type { RddNode } from './rdd-node.ts';

/**
 * Spark's `Partitioner.defaultPartitioner`: reuse the partitioner of the input with the most partitions
 * when it is eligible (within 10× of the largest input) or not smaller than the default count; else hash
 * into the default count — the context's default parallelism when it was set, else the largest input.
 */
export function defaultPartitioner(first: RddNode<unknown>, others: readonly RddNode<unknown>[]): Partitioner {
  const all = [first, ...others];
  const maxPartitions = Math.max(...all.map((n) => n.numPartitions));
  let withPartitioner: RddNode<unknown> | undefined;
  for (const n of all) {
    const p = n.partitioner;
    if (
      p !== undefined &&
      p.numPartitions > 0 &&
      (withPartitioner === undefined || n.numPartitions > withPartitioner.numPartitions)
    ) {
      withPartitioner = n;
    }
  }
  const ctx = first.ctx;
  const defaultCount = ctx.defaultParallelismIsSet ? ctx.defaultParallelism : maxPartitions;
  if (withPartitioner?.partitioner !== undefined) {
    const eligible = Math.log10(maxPartitions) - Math.log10(withPartitioner.numPartitions) < 1;
    if (eligible || defaultCount <= withPartitioner.numPartitions) return withPartitioner.partitioner;
  }
  return new HashPartitioner(defaultCount);
}

/** A partitioner from a count, a partitioner, or (when neither is given) the default rule. */
export function resolvePartitioner(
  spec: number | Partitioner | undefined,
  first: RddNode<unknown>,
  others: readonly RddNode<unknown>[],
): Partitioner {
  if (spec === undefined) return defaultPartitioner(first, others);
  if (typeof spec === 'number') return new HashPartitioner(spec);
  return spec;
}
