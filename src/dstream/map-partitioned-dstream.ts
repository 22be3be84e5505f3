import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `mapPartitions`: a function over each whole partition. */
export class MapPartitionedDStream<T, U> extends DStreamNode<U> {
  readonly name = 'mapPartitions';
  readonly parent: DStreamNode<T>;
  readonly f: (items: T[]) => Iterable<U>;
  readonly preservesPartitioning: boolean;
  constructor(parent: DStreamNode<T>, f: (items: T[]) => Iterable<U>, preservesPartitioning: boolean) {
    super(parent.graph, 'mapPartitions');
    this.parent = parent;
    this.f = f;
    this.preservesPartitioning = preservesPartitioning;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(time: Time): Rdd<U> | undefined {
    return this.parent.getOrCompute(time)?.mapPartitions(this.f, this.preservesPartitioning);
  }
}
