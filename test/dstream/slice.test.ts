// Spark's own cases for DStream.slice, from BasicOperationsSuite and PySpark's test_dstream.py. Slice
// reads a running context, so these drive a StreamingContext on a manual clock directly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, IllegalStateError, ManualClock, StreamingContext } from '../../src/index.ts';
import { TestInputDStream } from '../../src/testing/index.ts';
import { runBatches } from '../support/drive.ts';

const sliced = (stream: DStream<number>, fromMs: number, toMs: number) =>
  new Set(stream.slice(fromMs, toMs).flatMap((rdd) => rdd.collect()));

describe('slice (Spark BasicOperationsSuite)', () => {
  it('slice (BasicOperationsSuite)', async () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    const stream = ssc.inputStream(new TestInputDStream(ssc, [[1], [2], [3], [4]], 2));
    stream.foreachRDD(() => {});
    ssc.start();
    try {
      // No batch has run: slice computes the datasets it is asked for.
      assert.deepStrictEqual(sliced(stream, 0, 1000), new Set([1]));
      assert.deepStrictEqual(sliced(stream, 0, 2000), new Set([1, 2]));
      assert.deepStrictEqual(sliced(stream, 1000, 2000), new Set([1, 2]));
      assert.deepStrictEqual(sliced(stream, 2000, 4000), new Set([2, 3, 4]));
    } finally {
      await ssc.stop();
    }
  });

  it('slice - has not been initialized (BasicOperationsSuite)', async () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    const stream = ssc.inputStream(new TestInputDStream(ssc, [[1], [2], [3], [4]], 2));
    stream.foreachRDD(() => {});
    assert.throws(
      () => stream.slice(0, 1000),
      (e: unknown) => e instanceof IllegalStateError && /has not been initialized/.test(e.message),
    );
    await ssc.stop();
  });
});

describe('slice (PySpark)', () => {
  it('test_slice (PySpark BasicOperationTests)', async () => {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
    ssc.remember(4000);
    const stream = ssc.queueStream<number>([[1], [2], [3], [4]]);
    stream.foreachRDD(() => {});
    ssc.start();
    try {
      await runBatches(ssc, clock, 4);
      const b = 1000;
      assert.deepStrictEqual(sliced(stream, b, b), new Set([1]));
      assert.deepStrictEqual(sliced(stream, b + 1000, b + 2000), new Set([2, 3]));
      assert.deepStrictEqual(sliced(stream, b + 1000, b + 4000), new Set([2, 3, 4]));
      assert.deepStrictEqual(sliced(stream, b, b + 4000), new Set([1, 2, 3, 4]));
    } finally {
      await ssc.stop();
    }
  });
});
