import { HashPartitioner, type Partitioner, type Partitioning } from '../rdd/index.ts';
import type { DStreamNode } from './dstream-node.ts';

/**
 * The partitioner a key-value operation's `partitioning` argument stands for: a partition count (hash
 * partitioning), a partitioner, or by default hash partitioning into `defaultParallelism` partitions, as
 * Spark's `defaultPartitioner` for a stream.
 */
export function partitionerFor(node: DStreamNode<unknown>, partitioning: Partitioning | undefined): Partitioner {
  if (partitioning === undefined) return new HashPartitioner(node.batchContext.defaultParallelism);
  return typeof partitioning === 'number' ? new HashPartitioner(partitioning) : partitioning;
}
