import { GraphValidationError, type Time } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import type { Rdd } from '../../rdd/index.ts';

/**
 * Datasets taken from a queue the program fills (Spark's `queueStream`): one per batch, or everything
 * queued so far as one dataset; when the queue is empty, `defaultRdd` or an empty dataset. Arrays in the
 * queue become datasets of the context's default parallelism when they are taken.
 */
export class QueueInputDStream<T> extends InputDStream<T> {
  readonly name = 'queueStream';
  readonly queue: (Rdd<T> | readonly T[])[];
  readonly oneAtATime: boolean;
  readonly defaultRdd: Rdd<T> | undefined;

  constructor(owner: GraphOwner, queue: (Rdd<T> | readonly T[])[], oneAtATime: boolean, defaultRdd?: Rdd<T>) {
    super(owner, 'queueStream');
    this.queue = queue;
    this.oneAtATime = oneAtATime;
    this.defaultRdd = defaultRdd;
  }

  /** Spark refuses it too: what a queue held is gone after a restart, so a recovery would lose it silently. */
  override validateAtStart(): void {
    super.validateAtStart();
    if (this.graph.checkpointDir !== undefined) {
      throw new GraphValidationError(
        `${this.describe()} does not support checkpointing: its queued data cannot be replayed after a restart. Use a replayable source, or no checkpoint directory`,
      );
    }
  }

  compute(time: Time): Rdd<T> {
    const taken = this.oneAtATime ? this.queue.splice(0, 1) : this.queue.splice(0);
    const rdds = taken.map((x) =>
      Array.isArray(x) ? this.batchContext.parallelize(x as readonly T[]) : (x as Rdd<T>),
    );
    let rdd: Rdd<T>;
    if (rdds.length === 1) rdd = rdds[0];
    else if (rdds.length > 1) rdd = this.batchContext.union(rdds);
    else rdd = this.defaultRdd ?? this.batchContext.emptyRDD<T>();
    this.reportInput(
      time,
      taken.reduce((n, x) => n + (Array.isArray(x) ? x.length : 0), 0),
    );
    return rdd;
  }
}
