import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `map`: each record through `f`. */
export class MappedDStream<T, U> extends DStreamNode<U> {
  readonly name = 'map';
  readonly parent: DStreamNode<T>;
  readonly f: (x: T) => U;
  constructor(parent: DStreamNode<T>, f: (x: T) => U) {
    super(parent.graph, 'map');
    this.parent = parent;
    this.f = f;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(time: Time): Rdd<U> | undefined {
    return this.parent.getOrCompute(time)?.map(this.f);
  }
}
