import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `flatMap`: each record to any number of records. */
export class FlatMappedDStream<T, U> extends DStreamNode<U> {
  readonly name = 'flatMap';
  readonly parent: DStreamNode<T>;
  readonly f: (x: T) => Iterable<U>;
  constructor(parent: DStreamNode<T>, f: (x: T) => Iterable<U>) {
    super(parent.graph, 'flatMap');
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
    return this.parent.getOrCompute(time)?.flatMap(this.f);
  }
}
