export type { Aggregator } from './aggregator.ts';
export { BatchContext, type BatchContextOptions } from './batch-context.ts';
export { HashPartitioner, type Partitioner } from './partitioner.ts';
export { RangePartitioner } from './range-partitioner.ts';
export { type Partitioning, Rdd, type Seed } from './rdd.ts';
export { type Emit, RddNode } from './rdd-node.ts';
export { type PartitionEncoder, savePartitionFiles } from './save-partition-files.ts';
export type { KeyOrder } from './shuffled-rdd.ts';
export { StatCounter } from './stat-counter.ts';
