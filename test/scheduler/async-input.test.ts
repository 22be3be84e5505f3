import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type GraphOwner, InputDStream, ManualClock, type Rdd, StreamingContext, type Time } from '../../src/index.ts';
import { EventLog, settle } from '../support/events.ts';

/** A source whose input for each batch arrives when the test says so (as a Kafka fetch would). */
class DeferredInput extends InputDStream<number> {
  readonly name = 'deferred';
  readonly pending = new Map<number, PromiseWithResolvers<void>>();
  constructor(owner: GraphOwner) {
    super(owner, 'deferred');
  }
  override prepareBatch(time: Time): Promise<void> {
    const p = Promise.withResolvers<void>();
    this.pending.set(time, p);
    return p.promise;
  }
  compute(time: Time): Rdd<number> {
    return this.batchContext.makeRDD([time], 1);
  }
}

function deferredContext() {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  const input = new DeferredInput(ssc);
  const seen: number[] = [];
  ssc.inputStream(input).foreachRDD((rdd) => {
    seen.push(...rdd.collect());
  });
  return { ssc, clock, input, seen, log: new EventLog(ssc) };
}

describe('a source that prepares its batches asynchronously', () => {
  it('generates a batch only once its input is ready, later batches queued behind it in order', async () => {
    const { ssc, clock, input, seen, log } = deferredContext();
    ssc.start();
    clock.advance(2000);
    await settle();
    assert.deepEqual([...input.pending.keys()], [1000], 'the second batch waits behind the first');
    assert.equal(log.of('batchSubmitted').length, 0);
    input.pending.get(1000)?.resolve();
    await log.batchCompleted(1000);
    await settle();
    assert.deepEqual([...input.pending.keys()], [1000, 2000]);
    input.pending.get(2000)?.resolve();
    await log.batchCompleted(2000);
    await ssc.stop();
    assert.deepEqual(seen, [1000, 2000]);
  });

  it('a graceful stop generates a batch still waiting for its input; a stop that is not graceful drops it', async () => {
    for (const stopGracefully of [true, false]) {
      const { ssc, clock, input, seen, log } = deferredContext();
      ssc.start();
      clock.advance(1000);
      await settle();
      const stopped = ssc.stop({ stopGracefully });
      input.pending.get(1000)?.resolve();
      await stopped;
      assert.deepEqual(seen, stopGracefully ? [1000] : []);
      assert.equal(log.of('batchSubmitted').length, stopGracefully ? 1 : 0);
    }
  });

  it('fails the batch, and stops the context, when preparing its input fails', async () => {
    const { ssc, clock, input, seen } = deferredContext();
    const failed = ssc.awaitTermination();
    ssc.start();
    clock.advance(2000);
    await settle();
    input.pending.get(1000)?.reject(new Error('broker gone'));
    await assert.rejects(failed, /Batch 1000 ms failed in job generation: broker gone/);
    assert.deepEqual(seen, []);
    assert.deepEqual([...input.pending.keys()], [1000], 'no batch is generated after the failed one');
  });
});
