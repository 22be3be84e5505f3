// Spark's own cases for mapValues and flatMapValues, from BasicOperationsSuite, JavaAPISuite and
// PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesSortedByKey, assertBatchesUnordered } from './expect.ts';
import { add, java, pyspark, stringStringKV, words } from './fixtures.ts';

const counted = (s: DStream<string>) => s.map((x): [string, number] => [x, 1]).reduceByKey(add);

describe('mapValues, flatMapValues (Spark BasicOperationsSuite)', () => {
  it('mapValues (BasicOperationsSuite)', async () => {
    const out = await runStreams([words], (s: DStream<string>) => counted(s).mapValues((v) => v + 10), 3);
    assertBatchesUnordered(out, [
      [
        ['a', 12],
        ['b', 11],
      ],
      [['', 12]],
      [],
    ]);
  });

  it('flatMapValues (BasicOperationsSuite)', async () => {
    const out = await runStreams([words], (s: DStream<string>) => counted(s).flatMapValues((v) => [v, v + 10]), 3);
    assertBatchesUnordered(out, [
      [
        ['a', 2],
        ['a', 12],
        ['b', 1],
        ['b', 11],
      ],
      [
        ['', 2],
        ['', 12],
      ],
      [],
    ]);
  });
});

describe('mapValues, flatMapValues (Spark JavaAPISuite)', () => {
  it('testMapValues (JavaAPISuite)', async () => {
    const out = await runStreams(
      [stringStringKV],
      (s: DStream<[string, string]>) => s.mapValues((v) => v.toUpperCase()),
      2,
      java,
    );
    assert.deepStrictEqual(out, [
      [
        ['california', 'DODGERS'],
        ['california', 'GIANTS'],
        ['new york', 'YANKEES'],
        ['new york', 'METS'],
      ],
      [
        ['california', 'SHARKS'],
        ['california', 'DUCKS'],
        ['new york', 'RANGERS'],
        ['new york', 'ISLANDERS'],
      ],
    ]);
  });

  it('testFlatMapValues (JavaAPISuite)', async () => {
    const out = await runStreams(
      [stringStringKV],
      (s: DStream<[string, string]>) => s.flatMapValues((v) => [`${v}1`, `${v}2`]),
      2,
      java,
    );
    assert.deepStrictEqual(out, [
      [
        ['california', 'dodgers1'],
        ['california', 'dodgers2'],
        ['california', 'giants1'],
        ['california', 'giants2'],
        ['new york', 'yankees1'],
        ['new york', 'yankees2'],
        ['new york', 'mets1'],
        ['new york', 'mets2'],
      ],
      [
        ['california', 'sharks1'],
        ['california', 'sharks2'],
        ['california', 'ducks1'],
        ['california', 'ducks2'],
        ['new york', 'rangers1'],
        ['new york', 'rangers2'],
        ['new york', 'islanders1'],
        ['new york', 'islanders2'],
      ],
    ]);
  });
});

describe('mapValues, flatMapValues (PySpark test_dstream)', () => {
  it('test_mapValues (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [
            ['a', 2],
            ['b', 2],
            ['c', 1],
            ['d', 1],
          ],
          [
            [0, 4],
            [1, 1],
            [2, 2],
            [3, 3],
          ],
          [
            [1, 1],
            [2, 1],
            [3, 1],
            [4, 1],
          ],
        ],
      ],
      (s: DStream<[string | number, number]>) => s.mapValues((v) => v + 10),
      3,
      pyspark,
    );
    assertBatchesSortedByKey(out, [
      [
        ['a', 12],
        ['b', 12],
        ['c', 11],
        ['d', 11],
      ],
      [
        [0, 14],
        [1, 11],
        [2, 12],
        [3, 13],
      ],
      [
        [1, 11],
        [2, 11],
        [3, 11],
        [4, 11],
      ],
    ]);
  });

  it('test_flatMapValues (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [
            ['a', 2],
            ['b', 2],
            ['c', 1],
            ['d', 1],
          ],
          [
            [0, 4],
            [1, 1],
            [2, 1],
            [3, 1],
          ],
          [
            [1, 1],
            [2, 1],
            [3, 1],
            [4, 1],
          ],
        ],
      ],
      (s: DStream<[string | number, number]>) => s.flatMapValues((v) => [v, v + 10]),
      3,
      pyspark,
    );
    assert.deepStrictEqual(out, [
      [
        ['a', 2],
        ['a', 12],
        ['b', 2],
        ['b', 12],
        ['c', 1],
        ['c', 11],
        ['d', 1],
        ['d', 11],
      ],
      [
        [0, 4],
        [0, 14],
        [1, 1],
        [1, 11],
        [2, 1],
        [2, 11],
        [3, 1],
        [3, 11],
      ],
      [
        [1, 1],
        [1, 11],
        [2, 1],
        [2, 11],
        [3, 1],
        [3, 11],
        [4, 1],
        [4, 11],
      ],
    ]);
  });
});
