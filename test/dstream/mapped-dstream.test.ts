// Spark's own cases for the per-record and per-partition operations (map, flatMap, filter, glom,
// mapPartitions), from BasicOperationsSuite, JavaAPISuite and PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesUnordered, assertBatchFails } from './expect.ts';
import { java, oneToTwelve, pyspark, stringIntKV } from './fixtures.ts';

const sum = (items: number[]) => [items.reduce((a, b) => a + b, 0)];

describe('map, flatMap, filter, glom, mapPartitions (Spark BasicOperationsSuite)', () => {
  it('map (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.map((x) => String(x)), 3);
    assert.deepStrictEqual(out, [
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10', '11', '12'],
    ]);
  });

  it('flatMap (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.flatMap((x) => [x, x * 2]), 3);
    assert.deepStrictEqual(out, [
      [1, 2, 2, 4, 3, 6, 4, 8],
      [5, 10, 6, 12, 7, 14, 8, 16],
      [9, 18, 10, 20, 11, 22, 12, 24],
    ]);
  });

  it('filter (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.filter((x) => x % 2 === 0), 3);
    assert.deepStrictEqual(out, [
      [2, 4],
      [6, 8],
      [10, 12],
    ]);
  });

  it('glom (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.glom(), 3, { numInputPartitions: 2 });
    assert.deepStrictEqual(out, [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
      [
        [9, 10],
        [11, 12],
      ],
    ]);
  });

  it('mapPartitions (BasicOperationsSuite)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.mapPartitions(sum), 3, {
      numInputPartitions: 2,
    });
    assertBatchesUnordered(out, [
      [3, 7],
      [11, 15],
      [19, 23],
    ]);
  });
});

describe('map, flatMap, filter, glom, mapPartitions (Spark JavaAPISuite)', () => {
  it('testMap (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          ['hello', 'world'],
          ['goodnight', 'moon'],
        ],
      ],
      (s: DStream<string>) => s.map((w) => w.length),
      2,
      java,
    );
    assertBatchesUnordered(out, [
      [5, 5],
      [9, 4],
    ]);
  });

  it('testFilter (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          ['giants', 'dodgers'],
          ['yankees', 'red sox'],
        ],
      ],
      (s: DStream<string>) => s.filter((w) => w.includes('a')),
      2,
      java,
    );
    assertBatchesUnordered(out, [['giants'], ['yankees']]);
  });

  it('testGlom (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          ['giants', 'dodgers'],
          ['yankees', 'red sox'],
        ],
      ],
      (s: DStream<string>) => s.glom(),
      2,
      java,
    );
    assert.deepStrictEqual(out, [[['giants', 'dodgers']], [['yankees', 'red sox']]]);
  });

  it('testMapPartitions (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          ['giants', 'dodgers'],
          ['yankees', 'red sox'],
        ],
      ],
      (s: DStream<string>) => s.mapPartitions((words) => [words.map((w) => w.toUpperCase()).join('')]),
      2,
      java,
    );
    assert.deepStrictEqual(out, [['GIANTSDODGERS'], ['YANKEESRED SOX']]);
  });

  it('testFlatMap (JavaAPISuite)', async () => {
    const out = await runStreams(
      [[['go', 'giants'], ['boo', 'dodgers'], ['athletics']]],
      (s: DStream<string>) => s.flatMap((w) => w.split('')),
      3,
      java,
    );
    assertBatchesUnordered(out, [
      ['g', 'o', 'g', 'i', 'a', 'n', 't', 's'],
      ['b', 'o', 'o', 'd', 'o', 'd', 'g', 'e', 'r', 's'],
      ['a', 't', 'h', 'l', 'e', 't', 'i', 'c', 's'],
    ]);
  });

  it('testPairFlatMap (JavaAPISuite)', async () => {
    const out = await runStreams(
      [[['giants'], ['dodgers'], ['athletics']]],
      (s: DStream<string>) => s.flatMap((w) => w.split('').map((c): [number, string] => [w.length, c])),
      3,
      java,
    );
    assert.deepStrictEqual(out, [
      [
        [6, 'g'],
        [6, 'i'],
        [6, 'a'],
        [6, 'n'],
        [6, 't'],
        [6, 's'],
      ],
      [
        [7, 'd'],
        [7, 'o'],
        [7, 'd'],
        [7, 'g'],
        [7, 'e'],
        [7, 'r'],
        [7, 's'],
      ],
      [
        [9, 'a'],
        [9, 't'],
        [9, 'h'],
        [9, 'l'],
        [9, 'e'],
        [9, 't'],
        [9, 'i'],
        [9, 'c'],
        [9, 's'],
      ],
    ]);
  });

  it('testPairFilter (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          ['giants', 'dodgers'],
          ['yankees', 'red sox'],
        ],
      ],
      (s: DStream<string>) => s.map((w): [string, number] => [w, w.length]).filter(([k]) => k.includes('a')),
      2,
      java,
    );
    assert.deepStrictEqual(out, [[['giants', 6]], [['yankees', 7]]]);
  });

  const swapped = [
    [
      [1, 'california'],
      [3, 'california'],
      [4, 'new york'],
      [1, 'new york'],
    ],
    [
      [5, 'california'],
      [5, 'california'],
      [3, 'new york'],
      [1, 'new york'],
    ],
  ];

  it('testPairMap (JavaAPISuite)', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: DStream<[string, number]>) => s.map(([k, v]): [number, string] => [v, k]),
      2,
      java,
    );
    assert.deepStrictEqual(out, swapped);
  });

  it('testPairMapPartitions (JavaAPISuite)', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: DStream<[string, number]>) => s.mapPartitions((pairs) => pairs.map(([k, v]): [number, string] => [v, k])),
      2,
      java,
    );
    assert.deepStrictEqual(out, swapped);
  });

  it('testPairMap2 (JavaAPISuite)', async () => {
    const out = await runStreams([stringIntKV], (s: DStream<[string, number]>) => s.map(([, v]) => v), 2, java);
    assert.deepStrictEqual(out, [
      [1, 3, 4, 1],
      [5, 5, 3, 1],
    ]);
  });

  it('testPairToPairFlatMapWithChangingTypes (JavaAPISuite)', async () => {
    const hiHo = [
      ['hi', 1],
      ['ho', 2],
    ];
    const out = await runStreams(
      [[hiHo, hiHo]],
      (s: DStream<[string, number]>) => s.flatMap(([k, v]) => k.split('').map((c): [number, string] => [v, c])),
      2,
      java,
    );
    const expected = [
      [1, 'h'],
      [1, 'i'],
      [2, 'h'],
      [2, 'o'],
    ];
    assert.deepStrictEqual(out, [expected, expected]);
  });
});

describe('map, flatMap, filter, glom, mapPartitions (PySpark test_dstream)', () => {
  it('test_map (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.map((x) => String(x)), 3, pyspark);
    assert.deepStrictEqual(out, [
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10', '11', '12'],
    ]);
  });

  it('test_flatMap (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.flatMap((x) => [x, x * 2]), 3, pyspark);
    assert.deepStrictEqual(out, [
      [1, 2, 2, 4, 3, 6, 4, 8],
      [5, 10, 6, 12, 7, 14, 8, 16],
      [9, 18, 10, 20, 11, 22, 12, 24],
    ]);
  });

  it('test_filter (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.filter((x) => x % 2 === 0), 3, pyspark);
    assert.deepStrictEqual(out, [
      [2, 4],
      [6, 8],
      [10, 12],
    ]);
  });

  it('test_glom (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.glom(), 3, {
      ...pyspark,
      numInputPartitions: 2,
    });
    assert.deepStrictEqual(out, [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
      [
        [9, 10],
        [11, 12],
      ],
    ]);
  });

  it('test_mapPartitions (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([oneToTwelve], (s: DStream<number>) => s.mapPartitions(sum), 3, {
      ...pyspark,
      numInputPartitions: 2,
    });
    assert.deepStrictEqual(out, [
      [3, 7],
      [11, 15],
      [19, 23],
    ]);
  });

  it('test_failed_func (PySpark BasicOperationTests)', async () => {
    const run = runStreams(
      [[[0], [1], [2], [3]]],
      (s: DStream<number>) =>
        s.map(() => {
          throw new Error('This is a special error');
        }),
      4,
      pyspark,
    );
    await assertBatchFails(run, 500, /map .* threw in partition 0: This is a special error/);
  });

  it('test_failed_func_with_resetting_failure (PySpark BasicOperationTests)', async () => {
    // Spark keeps running later batches after a failed job and reports the error when awaited; a Sluice
    // context stops at its first failed batch, so only the batch before the failure is seen.
    const seen: number[][] = [];
    const run = runStreams(
      [[[0], [1], [2], [3]]],
      (s: DStream<number>) => {
        const mapped = s.map((i) => {
          if (i === 1) throw new Error('This is a special error');
          return i;
        });
        mapped.foreachRDD((rdd) => {
          seen.push(rdd.collect());
        });
        return mapped;
      },
      4,
      pyspark,
    );
    await assertBatchFails(run, 1000, /map .* threw in partition 0: This is a special error/);
    assert.deepStrictEqual(seen, [[0]]);
  });
});
