import type { Time } from '../core/index.ts';
import type { KeyOrder, Partitioner, Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `combineByKey` and the per-batch aggregations built on it (reduceByKey, groupByKey). */
export class ShuffledDStream<K, V, C> extends DStreamNode<[K, C]> {
  readonly name: string;
  readonly parent: DStreamNode<[K, V]>;
  readonly createCombiner: (v: V) => C;
  readonly mergeValue: (c: C, v: V) => C;
  readonly mergeCombiners: (a: C, b: C) => C;
  readonly partitioner: Partitioner;
  readonly mapSideCombine: boolean;
  /** The order of each batch's keys: Spark's, unless only the engine reads the batches. */
  readonly keyOrder: KeyOrder;
  constructor(
    parent: DStreamNode<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitioner: Partitioner,
    mapSideCombine: boolean,
    name: string,
    keyOrder: KeyOrder = 'spark',
  ) {
    super(parent.graph, name);
    this.keyOrder = keyOrder;
    this.name = name;
    this.parent = parent;
    this.createCombiner = createCombiner;
    this.mergeValue = mergeValue;
    this.mergeCombiners = mergeCombiners;
    this.partitioner = partitioner;
    this.mapSideCombine = mapSideCombine;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  override fingerprintParams(): string {
    return `partitions=${this.partitioner.numPartitions}`;
  }
  compute(time: Time): Rdd<[K, C]> | undefined {
    const rdd = this.parent.getOrCompute(time);
    return rdd?.combineByKeyWithName(
      this.createCombiner,
      this.mergeValue,
      this.mergeCombiners,
      this.partitioner,
      this.mapSideCombine,
      this.name,
      this.keyOrder,
    );
  }
}
