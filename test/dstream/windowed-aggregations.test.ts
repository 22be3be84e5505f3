// Spark's cases for the windowed aggregations without an inverse function (reduceByKeyAndWindow,
// reduceByWindow, groupByKeyAndWindow), which Spark builds as a per-batch aggregation, a window and a
// second aggregation: WindowOperationsSuite, JavaAPISuite and PySpark's WindowFunctionTests.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, InvalidArgumentError, InvalidDurationError } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesUnordered } from './expect.ts';
import { add, java, pyspark, range, stringIntKV } from './fixtures.ts';
import {
  bigGroupByOutput,
  bigInput,
  bigReduceOutput,
  largerSlideInput,
  largerSlideReduceOutput,
} from './window-fixtures.ts';

type Pairs = DStream<[string, number]>;

async function reduceByKeyAndWindow(
  input: [string, number][][],
  expected: [string, number][][],
  windowMs = 2000,
  slideMs = 1000,
): Promise<void> {
  const numBatches = expected.length * (slideMs / 1000);
  const out = await runStreams([input], (s: Pairs) => s.reduceByKeyAndWindow(add, windowMs, slideMs), numBatches);
  assertBatchesUnordered(out, expected);
}

describe('reduceByKeyAndWindow without an inverse function (WindowOperationsSuite)', () => {
  it('basic reduction', () =>
    reduceByKeyAndWindow(
      [
        [
          ['a', 1],
          ['a', 3],
        ],
      ],
      [[['a', 4]]],
    ));

  it('key already in window and new value added into window', () =>
    reduceByKeyAndWindow([[['a', 1]], [['a', 1]]], [[['a', 1]], [['a', 2]]]));

  it('new key added into window', () =>
    reduceByKeyAndWindow(
      [
        [['a', 1]],
        [
          ['a', 1],
          ['b', 1],
        ],
      ],
      [
        [['a', 1]],
        [
          ['a', 2],
          ['b', 1],
        ],
      ],
    ));

  it('key removed from window', () =>
    reduceByKeyAndWindow([[['a', 1]], [['a', 1]], [], []], [[['a', 1]], [['a', 2]], [['a', 1]], []]));

  it('larger slide time', () => reduceByKeyAndWindow(largerSlideInput, largerSlideReduceOutput, 4000, 2000));

  it('big test', () => reduceByKeyAndWindow(bigInput, bigReduceOutput));

  it('tumbling and non-overlapping windows hold exactly their own batches', async () => {
    const input: [string, number][][] = [[['a', 1]], [['a', 2]], [['a', 3]], [['a', 4]], [['a', 5]], [['a', 6]]];
    await reduceByKeyAndWindow(input, [[['a', 3]], [['a', 7]], [['a', 11]]], 2000, 2000);
    await reduceByKeyAndWindow(input, [[['a', 5]], [['a', 11]]], 2000, 3000);
  });

  it('groupByKeyAndWindow', async () => {
    const out = await runStreams(
      [bigInput],
      (s: Pairs) => s.groupByKeyAndWindow(2000, 1000).map(([k, vs]): [string, number[]] => [k, [...vs].sort()]),
      bigGroupByOutput.length,
    );
    assertBatchesUnordered(out, bigGroupByOutput);
  });
});

describe('windowed aggregations without an inverse function (JavaAPISuite)', () => {
  it('testReduceByKeyAndWindow', async () => {
    const out = await runStreams([stringIntKV], (s: Pairs) => s.reduceByKeyAndWindow(add, 2000), 3, java);
    assert.deepStrictEqual(out, [
      [
        ['california', 4],
        ['new york', 5],
      ],
      [
        ['california', 14],
        ['new york', 9],
      ],
      [
        ['california', 10],
        ['new york', 4],
      ],
    ]);
  });

  it('testReduceByWindowWithoutInverse', async () => {
    const input = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const out = await runStreams([input], (s: DStream<number>) => s.reduceByWindow(add, 2000, 1000), 4, java);
    assert.deepStrictEqual(out, [[6], [21], [39], [24]]);
  });

  it('testGroupByKeyAndWindow', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: Pairs) => s.groupByKeyAndWindow(2000).map(([k, vs]): [string, number[]] => [k, [...vs].sort()]),
      3,
      java,
    );
    assertBatchesUnordered(out, [
      [
        ['california', [1, 3]],
        ['new york', [1, 4]],
      ],
      [
        ['california', [1, 3, 5, 5]],
        ['new york', [1, 1, 3, 4]],
      ],
      [
        ['california', [5, 5]],
        ['new york', [1, 3]],
      ],
    ]);
  });
});

describe('windowed aggregations without an inverse function (PySpark WindowFunctionTests)', () => {
  it('test_reduce_by_key_and_window_with_none_invFunc', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5), range(6)]],
      (s: DStream<number>) =>
        s
          .map((x): [number, number] => [x, 1])
          .reduceByKeyAndWindow(add, 5000, 1000)
          .filter(([, v]) => v > 0)
          .count(),
      12,
      pyspark,
    );
    assert.deepStrictEqual(out, [[2], [4], [6], [6], [6], [6]]);
  });

  it('test_group_by_key_and_window', async () => {
    const out = await runStreams(
      [range(5).map((i) => [['a', i]])],
      (s: Pairs) => s.groupByKeyAndWindow(1500, 500).mapValues((vs) => [...vs].sort()),
      7,
      pyspark,
    );
    assert.deepStrictEqual(out, [
      [['a', [0]]],
      [['a', [0, 1]]],
      [['a', [0, 1, 2]]],
      [['a', [1, 2, 3]]],
      [['a', [2, 3, 4]]],
      [['a', [3, 4]]],
      [['a', [4]]],
    ]);
  });
});

describe('windowed aggregations: arguments', () => {
  it('the window and the slide must be multiples of the parent slide, named in the error', async () => {
    const cases: [string, (s: Pairs) => DStream<unknown>, RegExp][] = [
      [
        'reduceByKeyAndWindow window',
        (s) => s.reduceByKeyAndWindow(add, 100, 100),
        /The window duration of reduceByKeyAndWindow\(100, 100\) \(100 ms\) must be a multiple of the slide duration of its parent .*\(500 ms\)/,
      ],
      [
        'reduceByKeyAndWindow slide',
        (s) => s.reduceByKeyAndWindow(add, 1000, 100),
        /The slide duration of reduceByKeyAndWindow\(1000, 100\) \(100 ms\) must be a multiple .*\(500 ms\)/,
      ],
      [
        'groupByKeyAndWindow',
        (s) => s.groupByKeyAndWindow(1200),
        /The window duration of groupByKeyAndWindow\(1200, 500\) \(1200 ms\)/,
      ],
      [
        'reduceByWindow',
        (s) => s.reduceByWindow((a) => a, 1000, 700),
        /The slide duration of reduceByWindow\(1000, 700\) \(700 ms\)/,
      ],
    ];
    for (const [what, operation, message] of cases) {
      await assert.rejects(
        runStreams([[[['a', 1]]]], operation, 1, pyspark),
        (e: unknown) => e instanceof InvalidDurationError && message.test(e.message),
        what,
      );
    }
  });

  it('rejects a second argument that is neither a duration nor a function', async () => {
    await assert.rejects(
      runStreams([[[['a', 1]]]], (s: Pairs) => s.reduceByKeyAndWindow(add, 'x' as unknown as number), 1),
      (e: unknown) =>
        e instanceof InvalidArgumentError && /window duration in ms or the inverse function/.test(e.message),
    );
  });
});
