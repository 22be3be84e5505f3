import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `mapValues`: each value through `f`, keys (and so partitioning) untouched. */
export class MapValuedDStream<K, V, W> extends DStreamNode<[K, W]> {
  readonly name = 'mapValues';
  readonly parent: DStreamNode<[K, V]>;
  readonly f: (v: V) => W;
  constructor(parent: DStreamNode<[K, V]>, f: (v: V) => W) {
    super(parent.graph, 'mapValues');
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
    return this.parent.getOrCompute(time)?.mapValues(this.f);
  }
}
