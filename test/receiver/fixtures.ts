import { ManualClock, Receiver, type ReceiverStreamOptions, StreamingContext } from '../../src/index.ts';

/** A receiver the test drives: it records its lifecycle and lets the test call store and friends. */
export class TestReceiver<T> extends Receiver<T> {
  starts = 0;
  stops = 0;
  /** `onStart` throws while this is above zero, counting down. */
  failStarts = 0;
  override onStart(): void {
    this.starts++;
    if (this.failStarts > 0) {
      this.failStarts--;
      throw new Error(`cannot connect (attempt ${this.starts})`);
    }
  }
  override onStop(): void {
    this.stops++;
  }
}

/** A context on a manual clock with one receiver stream whose batches are recorded as blocks (partitions). */
export function receiverProgram<T>(
  options: ReceiverStreamOptions = {},
  startMs = 0,
  checkpointDir?: string,
): { ssc: StreamingContext; clock: ManualClock; receiver: TestReceiver<T>; batches: Map<number, T[][]> } {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  if (checkpointDir !== undefined) ssc.checkpoint(checkpointDir);
  const receiver = new TestReceiver<T>();
  const batches = new Map<number, T[][]>();
  ssc.receiverStream(receiver, options).foreachRDD((rdd, time) => {
    batches.set(time, rdd.glom().collect());
  });
  return { ssc, clock, receiver, batches };
}
