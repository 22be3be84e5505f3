// Spark's own cases for the per-batch aggregations (reduceByKey, groupByKey, combineByKey, countByValue,
// count, reduce), from BasicOperationsSuite, JavaAPISuite and PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, HashPartitioner } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesSortedByKey, assertBatchesUnordered } from './expect.ts';
import { add, java, oneToTwelve, pyspark, stringIntKV, stringStringKV, words } from './fixtures.ts';

const pairs = (s: DStream<string>) => s.map((x): [string, number] => [x, 1]);

describe('reduceByKey, groupByKey, countByValue, count, reduce (Spark BasicOperationsSuite)', () => {
  it('groupByKey (BasicOperationsSuite)', async () => {
    const out = await runStreams([words], (s: DStream<string>) => pairs(s).groupByKey(), 3);
    assertBatchesUnordered(out, [
      [
        ['a', [1, 1]],
        ['b', [1]],
      ],
      [['', [1, 1]]],
      [],
    ]);
  });

  it('reduceByKey (BasicOperationsSuite)', async () => {
    const out = await runStreams([words], (s: DStream<string>) => pairs(s).reduceByKey(add), 3);
    assertBatchesUnordered(out, [
      [
        ['a', 2],
        ['b', 1],
      ],
      [['', 2]],
      [],
    ]);
  });

  it('reduce (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.reduce(add), 3);
    assert.deepStrictEqual(out, [[10], [26], [42]]);
  });

  it('count (BasicOperationsSuite)', async () => {
    const out = await runStreams([[[], [1], [1, 2], [1, 2, 3], [1, 2, 3, 4]]], (s: DStream<number>) => s.count(), 5);
    assert.deepStrictEqual(out, [[0], [1], [2], [3], [4]]);
  });

  it('countByValue (BasicOperationsSuite)', async () => {
    const out = await runStreams([[[1], [1, 1, 1], [1, 2], [1, 1, 2, 2]]], (s: DStream<number>) => s.countByValue(), 4);
    assertBatchesUnordered(out, [
      [[1, 1]],
      [[1, 3]],
      [
        [1, 1],
        [2, 1],
      ],
      [
        [2, 2],
        [1, 2],
      ],
    ]);
  });
});

describe('reduceByKey, groupByKey, combineByKey, countByValue, count, reduce (Spark JavaAPISuite)', () => {
  it('testCount (JavaAPISuite)', async () => {
    const out = await runStreams([[[1, 2, 3, 4], [3, 4, 5], [3]]], (s: DStream<number>) => s.count(), 3, java);
    assertBatchesUnordered(out, [[4], [3], [1]]);
  });

  it('testReduce (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
      (s: DStream<number>) => s.reduce(add),
      3,
      java,
    );
    assert.deepStrictEqual(out, [[6], [15], [24]]);
  });

  it('testPairGroupByKey (JavaAPISuite)', async () => {
    const out = await runStreams([stringStringKV], (s: DStream<[string, string]>) => s.groupByKey(), 2, java);
    assert.deepStrictEqual(out, [
      [
        ['california', ['dodgers', 'giants']],
        ['new york', ['yankees', 'mets']],
      ],
      [
        ['california', ['sharks', 'ducks']],
        ['new york', ['rangers', 'islanders']],
      ],
    ]);
  });

  const reducedKV = [
    [
      ['california', 4],
      ['new york', 5],
    ],
    [
      ['california', 10],
      ['new york', 4],
    ],
  ];

  it('testPairReduceByKey (JavaAPISuite)', async () => {
    const out = await runStreams([stringIntKV], (s: DStream<[string, number]>) => s.reduceByKey(add), 2, java);
    assert.deepStrictEqual(out, reducedKV);
  });

  it('testCombineByKey (JavaAPISuite)', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: DStream<[string, number]>) => s.combineByKey((v) => v, add, add, new HashPartitioner(2)),
      2,
      java,
    );
    assert.deepStrictEqual(out, reducedKV);
  });

  it('testCountByValue (JavaAPISuite)', async () => {
    const out = await runStreams(
      [[['hello', 'world'], ['hello', 'moon'], ['hello']]],
      (s: DStream<string>) => s.countByValue(),
      3,
      java,
    );
    assert.deepStrictEqual(out, [
      [
        ['hello', 1],
        ['world', 1],
      ],
      [
        ['hello', 1],
        ['moon', 1],
      ],
      [['hello', 1]],
    ]);
  });
});

describe('reduceByKey, groupByKey, combineByKey, countByValue, count, reduce (PySpark test_dstream)', () => {
  it('test_count (PySpark BasicOperationTests)', async () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const out = await runStreams([[range(5), range(10), range(20)]], (s: DStream<number>) => s.count(), 3, pyspark);
    assert.deepStrictEqual(out, [[5], [10], [20]]);
  });

  it('test_reduce (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.reduce(add), 3, pyspark);
    assert.deepStrictEqual(out, [[10], [26], [42]]);
  });

  it('test_reduceByKey (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [
            ['a', 1],
            ['a', 1],
            ['b', 1],
            ['b', 1],
          ],
          [
            ['', 1],
            ['', 1],
            ['', 1],
            ['', 1],
          ],
          [
            [1, 1],
            [1, 1],
            [2, 1],
            [2, 1],
            [3, 1],
          ],
        ],
      ],
      (s: DStream<[string | number, number]>) => s.reduceByKey(add),
      3,
      pyspark,
    );
    assertBatchesSortedByKey(out, [
      [
        ['a', 2],
        ['b', 2],
      ],
      [['', 4]],
      [
        [1, 2],
        [2, 2],
        [3, 1],
      ],
    ]);
  });

  it('test_countByValue (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3, 4, 1, 2, 3, 4],
          [5, 6, 5, 6, 7, 8],
          ['a', 'a', 'b', ''],
        ],
      ],
      (s: DStream<number | string>) => s.countByValue(),
      3,
      pyspark,
    );
    assertBatchesSortedByKey(out, [
      [
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 2],
      ],
      [
        [5, 2],
        [6, 2],
        [7, 1],
        [8, 1],
      ],
      [
        ['a', 2],
        ['b', 1],
        ['', 1],
      ],
    ]);
  });

  const grouped = [
    [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
    ],
    [
      [1, 1],
      [1, 1],
      [1, 1],
      [2, 1],
      [2, 1],
      [3, 1],
    ],
    [
      ['a', 1],
      ['a', 1],
      ['b', 1],
      ['', 1],
      ['', 1],
      ['', 1],
    ],
  ];

  it('test_groupByKey (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([grouped], (s: DStream<[string | number, number]>) => s.groupByKey(), 3, pyspark);
    assertBatchesSortedByKey(out, [
      [
        [1, [1]],
        [2, [1]],
        [3, [1]],
        [4, [1]],
      ],
      [
        [1, [1, 1, 1]],
        [2, [1, 1]],
        [3, [1]],
      ],
      [
        ['a', [1, 1]],
        ['b', [1]],
        ['', [1, 1, 1]],
      ],
    ]);
  });

  it('test_combineByKey (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [grouped],
      (s: DStream<[string | number, number]>) =>
        s.combineByKey(
          (v) => String(v),
          (c, v) => c + String(v),
          (c1, c2) => c1 + c2,
        ),
      3,
      pyspark,
    );
    assertBatchesSortedByKey(out, [
      [
        [1, '1'],
        [2, '1'],
        [3, '1'],
        [4, '1'],
      ],
      [
        [1, '111'],
        [2, '11'],
        [3, '1'],
      ],
      [
        ['a', '11'],
        ['b', '1'],
        ['', '111'],
      ],
    ]);
  });
});
