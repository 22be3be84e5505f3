import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `filter`: the records for which `predicate` holds. */
export class FilteredDStream<T> extends DStreamNode<T> {
  readonly name = 'filter';
  readonly parent: DStreamNode<T>;
  readonly predicate: (x: T) => boolean;
  constructor(parent: DStreamNode<T>, predicate: (x: T) => boolean) {
    super(parent.graph, 'filter');
    this.parent = parent;
    this.predicate = predicate;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(time: Time): Rdd<T> | undefined {
    return this.parent.getOrCompute(time)?.filter(this.predicate);
  }
}
