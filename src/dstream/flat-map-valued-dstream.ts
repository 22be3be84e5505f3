import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `flatMapValues`: each value to any number of values under the same key. */
export class FlatMapValuedDStream<K, V, W> extends DStreamNode<[K, W]> {
  readonly name = 'flatMapValues';
  readonly parent: DStreamNode<[K, V]>;
  readonly f: (v: V) => Iterable<W>;
  constructor(parent: DStreamNode<[K, V]>, f: (v: V) => Iterable<W>) {
    super(parent.graph, 'flatMapValues');
    this.parent = parent;
    this.f = f;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(time: Time): Rdd<[K, W]> | undefined {
    return this.parent.getOrCompute(time)?.flatMapValues(this.f);
  }
}
