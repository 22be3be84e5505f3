import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, StreamingContext } from '../../src/index.ts';
import { EventLog, settle } from '../support/events.ts';

/** A context on a manual clock whose one output records the batch times it runs for. */
function timedContext(batchDurationMs: number, startMs = 0) {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs, clock });
  const times: number[] = [];
  ssc.queueStream<number>([]).foreachRDD((_rdd, time) => {
    times.push(time);
  });
  return { ssc, clock, times, log: new EventLog(ssc) };
}

describe('batch times', { timeout: 10_000 }, () => {
  it('are zero time + k × batch: the first batch is at 1000 for 1 s batches on a clock at 0', async () => {
    const { ssc, clock, times, log } = timedContext(1000);
    ssc.start();
    await settle();
    assert.deepEqual(times, [], 'no batch before the clock reaches the first batch time');
    for (const t of [1000, 2000, 3000]) {
      clock.advance(999);
      await settle();
      assert.equal(log.of('batchSubmitted').length, t / 1000 - 1, `no batch before ${t}`);
      clock.advance(1);
      await log.batchCompleted(t);
    }
    await ssc.stop();
    assert.deepEqual(times, [1000, 2000, 3000]);
  });

  it('follow the batch duration (300 ms batches: 300, 600, 900)', async () => {
    const { ssc, clock, times, log } = timedContext(300);
    ssc.start();
    for (const t of [300, 600, 900]) {
      clock.advance(300);
      await log.batchCompleted(t);
    }
    await ssc.stop();
    assert.deepEqual(times, [300, 600, 900]);
  });

  it('stay on the grid of the batch duration when the clock does not start at a multiple of it', async () => {
    const { ssc, clock, times, log } = timedContext(1000, 2500);
    ssc.start();
    clock.setTime(3000);
    await log.batchCompleted(3000);
    clock.setTime(4000);
    await log.batchCompleted(4000);
    await ssc.stop();
    assert.deepEqual(times, [3000, 4000]);
  });

  it('after a jump of k intervals, every skipped batch is generated, in order, once', async () => {
    const { ssc, clock, times, log } = timedContext(1000);
    ssc.start();
    clock.setTime(5000);
    await log.batchCompleted(5000);
    assert.deepEqual(times, [1000, 2000, 3000, 4000, 5000]);
    clock.setTime(5999);
    await settle();
    assert.equal(log.of('batchSubmitted').length, 5);
    clock.setTime(6000);
    await log.batchCompleted(6000);
    await ssc.stop();
    assert.deepEqual(times, [1000, 2000, 3000, 4000, 5000, 6000]);
    assert.deepEqual(
      log.of('batchSubmitted').map((e) => e.batch.batchTime),
      [1000, 2000, 3000, 4000, 5000, 6000],
    );
  });

  it('never repeat after the clock goes back: generation waits until the clock passes the last batch', async () => {
    const { ssc, clock, times, log } = timedContext(1000);
    ssc.start();
    clock.setTime(3000);
    await log.batchCompleted(3000);
    clock.setTime(1000);
    await settle();
    clock.setTime(3000);
    await settle();
    assert.deepEqual(times, [1000, 2000, 3000]);
    clock.setTime(4000);
    await log.batchCompleted(4000);
    await ssc.stop();
    assert.deepEqual(times, [1000, 2000, 3000, 4000]);
  });

  it('hand the same time to every output and every input of the batch', async () => {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
    const log = new EventLog(ssc);
    const seen: string[] = [];
    const input = ssc.queueStream<number>([[1], [2]]);
    input
      .transform((rdd, time) => {
        seen.push(`transform ${time}`);
        return rdd;
      })
      .foreachRDD((_rdd, time) => {
        seen.push(`first ${time}`);
      });
    input.foreachRDD((_rdd, time) => {
      seen.push(`second ${time}`);
    });
    ssc.start();
    clock.setTime(1000);
    await log.batchCompleted(1000);
    clock.setTime(2000);
    await log.batchCompleted(2000);
    await ssc.stop();
    assert.deepEqual(seen, [
      'transform 1000',
      'first 1000',
      'second 1000',
      'transform 2000',
      'first 2000',
      'second 2000',
    ]);
  });
});
