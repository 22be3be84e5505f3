import type { Time } from '../core/index.ts';
import type { DStreamGraph } from './dstream-graph.ts';
import { DStreamNode } from './dstream-node.ts';
import type { SourceEvent } from './source-event.ts';

/** Anything that owns a stream graph: a `StreamingContext`. */
export interface GraphOwner {
  readonly graph: DStreamGraph;
}

/**
 * The contract every source implements (Spark's `InputDStream`): a dataset per batch time, with the
 * batch's input fixed when `compute` runs. `start`/`stop` bracket the context's life. A source reports
 * how many records each batch read with {@link reportInput}.
 */
export abstract class InputDStream<T> extends DStreamNode<T> {
  readonly dependencies: readonly DStreamNode<unknown>[] = [];
  #lastValidTime: number | undefined;

  constructor(owner: GraphOwner, kind: string) {
    super(owner.graph, kind);
    owner.graph.addInputStream(this as InputDStream<unknown>);
  }

  get slideDurationMs(): number {
    return this.graph.batchDurationMs;
  }

  /**
   * What this source must remember across a restart to serve the same input for a batch time again
   * (offset ranges, file lists): plain data the checkpoint codec can encode. Sources whose batches are a
   * function of the time (and the program) need nothing and return `undefined`.
   */
  checkpointData(): unknown {
    return undefined;
  }
  /** Called once, before `start`, on a context restarted from a checkpoint, with what `checkpointData` gave. */
  restoreCheckpointData(_data: unknown): void {}

  /**
   * Called on the generator's event loop before batch `time` is generated. A source whose input must be
   * fetched asynchronously (a Kafka direct stream) returns a promise: the generator waits for it, in order,
   * before it computes the batch, so the batch's dataset can be filled synchronously. Others return
   * `undefined`, and generation stays synchronous.
   */
  prepareBatch(_time: Time): Promise<void> | undefined {
    return undefined;
  }

  /** Called when the context starts. */
  start(): void {}
  /** Called when the context stops. */
  stop(): void {}
  /**
   * Called first on a graceful stop, before the last batches are generated: a source that takes input in
   * on its own (a receiver) stops doing so, and keeps what it took in for those batches.
   */
  stopReceiving(): void {}
  /** True while input taken in is not yet given to a batch (a receiver's blocks): a graceful stop waits for it. */
  hasUnallocatedInput(): boolean {
    return false;
  }

  override isTimeValid(time: Time): boolean {
    if (!super.isTimeValid(time)) return false;
    this.#lastValidTime = Math.max(time, this.#lastValidTime ?? time);
    return true;
  }

  /** Records how many records this source read for batch `time` (shown in batch events and the UI). */
  reportInput(time: Time, numRecords: number): void {
    this.graph.reportInput(time, this.id, numRecords);
  }

  /** Posts a source event to the context's listeners (a retry, dead-lettered records). */
  reportEvent(event: SourceEvent): void {
    this.graph.sourceEvents?.(event);
  }
}
