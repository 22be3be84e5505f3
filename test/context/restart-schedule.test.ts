import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock, type Rdd, StreamingContext, type Time } from '../../src/index.ts';
import { TestInputDStream } from '../../src/testing/index.ts';

const batches = Array.from({ length: 12 }, (_, i) => [i + 1]);

/** A program summing each batch's input, recording `[batch time, sum]`. */
function program(dir: string, out: [number, number][]): () => StreamingContext {
  return () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    ssc.checkpoint(dir);
    ssc.inputStream(new TestInputDStream(ssc, batches, 1)).foreachRDD((rdd: Rdd<number>, time: Time) => {
      out.push([time, rdd.collect().reduce((a, b) => a + b, 0)]);
    });
    return ssc;
  };
}

/** Runs until `n` batches completed (or the context stopped). */
function completions(ssc: StreamingContext, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    ssc.addStreamingListener((e) => {
      if (e.type === 'batchCompleted' && ++seen === n) resolve();
    });
  });
}

async function runFirst(dir: string, n: number): Promise<void> {
  const ssc = program(dir, [])();
  const done = completions(ssc, n);
  ssc.start();
  (ssc.clock as ManualClock).advance(n * 1000);
  await done;
  await ssc.stop();
}

describe('restart after down time', () => {
  it('runs the checkpoint batch again and every batch time missed while down, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-down-'));
    await runFirst(dir, 3);
    const out: [number, number][] = [];
    const ssc = StreamingContext.getOrCreate(dir, program(dir, out));
    (ssc.clock as ManualClock).setTime(7500);
    const done = completions(ssc, 5);
    ssc.start();
    await done;
    await ssc.stop();
    assert.deepEqual(ssc.rescheduledTimes, [3000, 4000, 5000, 6000, 7000]);
    assert.deepEqual(out, [
      [3000, 3],
      [4000, 4],
      [5000, 5],
      [6000, 6],
      [7000, 7],
    ]);
  });

  it('with coalesceDownTime, runs the missed times as one catch-up batch at the last of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-down-'));
    await runFirst(dir, 3);
    const out: [number, number][] = [];
    const ssc = StreamingContext.getOrCreate(dir, program(dir, out), { coalesceDownTime: true });
    (ssc.clock as ManualClock).setTime(7500);
    const done = completions(ssc, 2);
    ssc.start();
    await done;
    await ssc.stop();
    assert.deepEqual(ssc.rescheduledTimes, [3000, 7000]);
    // This source's records are a function of the batch time, so the catch-up batch holds its own only.
    assert.deepEqual(out, [
      [3000, 3],
      [7000, 7],
    ]);
  });
});
