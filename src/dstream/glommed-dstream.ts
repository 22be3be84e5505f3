import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `glom`: each partition as one array record. */
export class GlommedDStream<T> extends DStreamNode<T[]> {
  readonly name = 'glom';
  readonly parent: DStreamNode<T>;
  constructor(parent: DStreamNode<T>) {
    super(parent.graph, 'glom');
    this.parent = parent;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(time: Time): Rdd<T[]> | undefined {
    return this.parent.getOrCompute(time)?.glom();
  }
}
