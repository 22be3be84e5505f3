import { InvalidArgumentError } from '../../core/index.ts';
import type { OffsetRange } from '../../kafka/index.ts';
import { type BatchContext, type Emit, type Rdd, RddNode } from '../../rdd/index.ts';
import type { KafkaRecord } from './kafka-record.ts';

/**
 * One batch of a Kafka direct stream (Spark's `KafkaRDD`): partition i holds the records of offset range
 * i, fetched and decoded before the batch was generated. Under `read_committed` a range may hold fewer
 * records than offsets (transaction markers, aborted records).
 */
export class KafkaRdd<K, V> extends RddNode<KafkaRecord<K, V>> {
  readonly name = 'kafkaDirectStream';
  readonly offsetRanges: readonly OffsetRange[];
  readonly #records: readonly (readonly KafkaRecord<K, V>[])[];

  constructor(
    ctx: BatchContext,
    offsetRanges: readonly OffsetRange[],
    records: readonly (readonly KafkaRecord<K, V>[])[],
  ) {
    super(ctx);
    this.offsetRanges = offsetRanges;
    this.#records = records;
  }
  get numPartitions(): number {
    return this.offsetRanges.length;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [];
  }
  compute(split: number, emit: Emit<KafkaRecord<K, V>>): void {
    for (const r of this.#records[split]) emit(r);
  }
  override countPartition(split: number): number {
    return this.#records[split].length;
  }
}

/**
 * The offset ranges a batch of a Kafka direct stream read, one per partition of its dataset (Spark's
 * `HasOffsetRanges`). Only the stream's own datasets have them: take them in `foreachRDD` or `transform`
 * before any transformation, as in Spark.
 * @throws InvalidArgumentError when `rdd` is not a dataset of a Kafka direct stream
 */
export function offsetRanges(rdd: Rdd<unknown>): readonly OffsetRange[] {
  const node = rdd.node as RddNode<unknown>;
  if (!(node instanceof KafkaRdd)) {
    throw new InvalidArgumentError(
      `offsetRanges: the dataset ${node.name} (rdd ${node.id}) is not a batch of a Kafka direct stream; take the ranges from the stream's own dataset, before any transformation`,
    );
  }
  return node.offsetRanges;
}
