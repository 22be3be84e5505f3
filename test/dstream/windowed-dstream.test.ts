// Spark's own cases for window (and the window-then-reduce compositions Spark builds reduceByWindow
// and reduceByKeyAndWindow from when no inverse function is given), from WindowOperationsSuite,
// JavaAPISuite and PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, InvalidDurationError } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesUnordered } from './expect.ts';
import { add, from, java, pyspark, range } from './fixtures.ts';

const zeroToFive = [[0], [1], [2], [3], [4], [5]];
describe('window (Spark WindowOperationsSuite)', () => {
  it('window - basic window (WindowOperationsSuite)', async () => {
    const out = await runStreams([zeroToFive], (s: DStream<number>) => s.window(2000, 1000), 6);
    assertBatchesUnordered(out, [[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  });

  it('window - tumbling window (WindowOperationsSuite)', async () => {
    const out = await runStreams([zeroToFive], (s: DStream<number>) => s.window(2000, 2000), 6);
    assertBatchesUnordered(out, [
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('window - larger window (WindowOperationsSuite)', async () => {
    const out = await runStreams([zeroToFive], (s: DStream<number>) => s.window(4000, 2000), 8);
    assertBatchesUnordered(out, [
      [0, 1],
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [4, 5],
    ]);
  });

  it('window - non-overlapping window (WindowOperationsSuite)', async () => {
    const out = await runStreams([zeroToFive], (s: DStream<number>) => s.window(2000, 3000), 6);
    assertBatchesUnordered(out, [
      [1, 2],
      [4, 5],
    ]);
  });
});

describe('window (Spark JavaAPISuite)', () => {
  it('testWindow (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
      (s: DStream<number>) => s.window(2000),
      4,
      java,
    );
    assertBatchesUnordered(out, [
      [1, 2, 3],
      [4, 5, 6, 1, 2, 3],
      [7, 8, 9, 4, 5, 6],
      [7, 8, 9],
    ]);
  });

  it('testWindowWithSlideDuration (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
          [10, 11, 12],
          [13, 14, 15],
          [16, 17, 18],
        ],
      ],
      (s: DStream<number>) => s.window(4000, 2000),
      8,
      java,
    );
    assertBatchesUnordered(out, [from(1, 6), from(1, 12), from(7, 12), from(13, 6)]);
  });

  it('testReduceByWindowWithoutInverse (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
      (s: DStream<number>) => s.reduce(add).window(2000, 1000).reduce(add),
      4,
      java,
    );
    assert.deepStrictEqual(out, [[6], [21], [39], [24]]);
  });
});

describe('window (PySpark WindowFunctionTests)', () => {
  it('test_window (PySpark WindowFunctionTests)', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5)]],
      (s: DStream<number>) => s.window(1500, 500).count(),
      7,
      pyspark,
    );
    assert.deepStrictEqual(out, [[1], [3], [6], [9], [12], [9], [5]]);
  });

  it('test_reduce_by_invalid_window (PySpark WindowFunctionTests)', async () => {
    const input = [[[0, 1, 2], range(5), [0], range(6)]];
    await assert.rejects(
      runStreams(input, (s: DStream<number>) => s.window(100, 100), 1, pyspark),
      (e: unknown) =>
        e instanceof InvalidDurationError &&
        /The window duration of window\(100, 100\) \(100 ms\) must be a multiple of the slide duration of its parent .*\(500 ms\)/.test(
          e.message,
        ),
    );
    await assert.rejects(
      runStreams(input, (s: DStream<number>) => s.window(1000, 100), 1, pyspark),
      (e: unknown) =>
        e instanceof InvalidDurationError &&
        /The slide duration of window\(1000, 100\) \(100 ms\) must be a multiple of the slide duration of its parent .*\(500 ms\)/.test(
          e.message,
        ),
    );
  });

  it('test_reduce_by_key_and_window_with_none_invFunc (PySpark WindowFunctionTests)', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5), range(6)]],
      (s: DStream<number>) =>
        s
          .map((x): [number, number] => [x, 1])
          .reduceByKey(add, 1)
          .window(5000, 1000)
          .reduceByKey(add, 1)
          .filter(([, v]) => v > 0)
          .count(),
      12,
      pyspark,
    );
    assert.deepStrictEqual(out, [[2], [4], [6], [6], [6], [6]]);
  });
});
