import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';

/** `window`: every record of the parent within the last `windowMs`, produced every `slideMs`. */
export class WindowedDStream<T> extends DStreamNode<T> {
  readonly name = 'window';
  readonly parent: DStreamNode<T>;
  readonly windowMs: number;
  readonly slideDurationMs: number;
  constructor(parent: DStreamNode<T>, windowMs: number, slideMs: number) {
    const self = `window(${windowMs}, ${slideMs})`;
    parent.requireMultipleOfSlide('window duration', windowMs, self);
    parent.requireMultipleOfSlide('slide duration', slideMs, self);
    super(parent.graph, 'window');
    this.parent = parent;
    this.windowMs = windowMs;
    this.slideDurationMs = slideMs;
    // Each parent dataset is read by several windows.
    parent.persisted = true;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  override fingerprintParams(): string {
    return `window=${this.windowMs}`;
  }
  override parentRememberDurationMs(): number | undefined {
    return this.rememberDurationMs === undefined ? undefined : this.rememberDurationMs + this.windowMs;
  }
  compute(time: Time): Rdd<T> {
    const from = time - this.windowMs + this.parent.slideDurationMs;
    return this.batchContext.union(this.parent.slice(from, time));
  }
}
