import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';
import { requireSameSlide } from './same-slide.ts';

/** `union`: the records of every parent at each time; every parent must have a dataset then. */
export class UnionDStream<T> extends DStreamNode<T> {
  readonly name = 'union';
  readonly parents: readonly DStreamNode<T>[];
  constructor(parents: readonly DStreamNode<T>[]) {
    requireSameSlide('union', parents);
    super(parents[0].graph, 'union');
    this.parents = parents;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return this.parents;
  }
  get slideDurationMs(): number {
    return this.parents[0].slideDurationMs;
  }
  compute(time: Time): Rdd<T> | undefined {
    const rdds = this.parents.map((p) => this.requireParentRdd(p, time));
    return rdds.length > 0 ? this.batchContext.union(rdds) : undefined;
  }
}
