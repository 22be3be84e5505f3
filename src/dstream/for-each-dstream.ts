import type { Time } from '../core/index.ts';
import type { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';
import type { Job } from './job.ts';
import type { OutputOperation } from './output-operation.ts';

/** The function an output operation runs on each batch's dataset. */
export type OutputFunction<T> = (rdd: Rdd<T>, time: Time, output: OutputOperation) => void | Promise<void>;

/** An output operation: runs `f` on the parent's dataset of every batch (Spark's `ForEachDStream`). */
export class ForEachDStream<T> extends DStreamNode<never> {
  readonly name: string;
  readonly parent: DStreamNode<T>;
  readonly f: OutputFunction<T>;
  readonly outputOpId: number;
  constructor(parent: DStreamNode<T>, f: OutputFunction<T>, name: string) {
    super(parent.graph, name);
    this.name = name;
    this.parent = parent;
    this.f = f;
    this.outputOpId = parent.graph.addOutputStream(this);
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.parent];
  }
  get slideDurationMs(): number {
    return this.parent.slideDurationMs;
  }
  compute(): undefined {
    return undefined;
  }
  override generateJob(time: Time): Job | undefined {
    const rdd = this.parent.getOrCompute(time);
    if (rdd === undefined) return undefined;
    const description = `${this.name} at ${this.creationSite}`;
    const graph = this.graph;
    const output: OutputOperation = {
      id: this.outputOpId,
      description,
      onStop: (release) => graph.onStop(release),
    };
    return {
      time,
      outputOpId: this.outputOpId,
      description,
      run: () => this.batchContext.withScope(this.describe(), () => this.f(rdd, time, output)),
    };
  }
}
