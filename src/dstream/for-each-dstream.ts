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
    return new ForEachJob(this, rdd, time);
  }

  #output: OutputOperation | undefined;
  /** What the output function is told of its operation: the same object every batch. */
  get output(): OutputOperation {
    if (this.#output === undefined) {
      const graph = this.graph;
      this.#output = {
        id: this.outputOpId,
        description: this.jobDescription,
        onStop: (release) => graph.onStop(release),
      };
    }
    return this.#output;
  }

  #jobDescription: string | undefined;
  /** `foreachRDD at app.ts:12` */
  get jobDescription(): string {
    this.#jobDescription ??= `${this.name} at ${this.creationSite}`;
    return this.#jobDescription;
  }
}

/** One batch of an output operation: a class rather than a closure per batch, as it is made every batch. */
class ForEachJob<T> implements Job {
  readonly #stream: ForEachDStream<T>;
  readonly #rdd: Rdd<T>;
  readonly time: Time;
  constructor(stream: ForEachDStream<T>, rdd: Rdd<T>, time: Time) {
    this.#stream = stream;
    this.#rdd = rdd;
    this.time = time;
  }
  get outputOpId(): number {
    return this.#stream.outputOpId;
  }
  get description(): string {
    return this.#stream.jobDescription;
  }
  run(): void | Promise<void> {
    return this.#stream.batchContext.withScope(this.#stream.describe(), ForEachJob.#runOutput, this);
  }
  static #runOutput<T>(job: ForEachJob<T>): void | Promise<void> {
    return job.#stream.f(job.#rdd, job.time, job.#stream.output);
  }
}
