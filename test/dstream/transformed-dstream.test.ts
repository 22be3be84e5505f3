// Spark's own cases for transform, transformWith and StreamingContext.transform, from
// BasicOperationsSuite, JavaAPISuite and PySpark's test_dstream.py / test_context.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, MissingDatasetError, type Rdd } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesUnordered, assertBatchFails } from './expect.ts';
import { from, hundreds, java, pyspark, teams } from './fixtures.ts';

const contextTests = { batchDurationMs: 100, numInputPartitions: 1, defaultParallelism: 1 };

/** Collects every batch of `stream` on the side, so a failing run still shows what came before. */
function tap<T>(stream: DStream<T>, seen: T[][]): DStream<T> {
  stream.foreachRDD((rdd) => {
    seen.push(rdd.collect());
  });
  return stream;
}

const unionOfThree = (s: DStream<number>) =>
  s.context.transform([s, s.map((x) => x + 4), s.map((x) => x + 8)], (rdds: Rdd<number>[]) =>
    rdds[0].context.union(rdds),
  );

describe('transform, transformWith, StreamingContext.transform (Spark BasicOperationsSuite)', () => {
  it('transform (BasicOperationsSuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
      ],
      (s: DStream<number>) => s.transform((rdd) => rdd.map((x) => String(x))),
      3,
    );
    assert.deepStrictEqual(out, [
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10', '11', '12'],
    ]);
  });

  it('transform with NULL (BasicOperationsSuite)', async () => {
    const run = runStreams(
      [[[1, 2, 3, 4]]],
      (s: DStream<number>) => s.transform(() => null as unknown as Rdd<number>),
      1,
    );
    await assertBatchFails(run, 1000, /transform .* must return an Rdd, got null.*emptyRDD\(\)/, TypeError);
  });

  it('transform with input stream return None (BasicOperationsSuite)', async () => {
    const seen: string[][] = [];
    const run = runStreams(
      [[[1, 2, 3, 4], [5, 6, 7, 8], null]],
      (s: DStream<number>) =>
        tap(
          s.transform((rdd) => rdd.map((x) => String(x))),
          seen,
        ),
      3,
    );
    await assertBatchFails(run, 3000, /transform .* could not get a dataset .* at time 3000 ms/, MissingDatasetError);
    assert.deepStrictEqual(seen, [
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
    ]);
  });

  it('transformWith (BasicOperationsSuite)', async () => {
    const out = await runStreams(
      [
        [['a', 'b'], ['a', ''], [''], []],
        [['a', 'b'], ['b', ''], [], ['']],
      ],
      (s1: DStream<string>, s2: DStream<string>) =>
        s1
          .map((x): [string, number] => [x, 1])
          .transformWith(
            s2.map((x): [string, string] => [x, 'x']),
            (r1, r2) => r1.join(r2),
          ),
      4,
    );
    assertBatchesUnordered(out, [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [['', [1, 'x']]],
      [],
      [],
    ]);
  });

  it('transformWith with input stream return None (BasicOperationsSuite)', async () => {
    const seen: string[][] = [];
    const run = runStreams(
      [
        [['a', 'b'], ['a', ''], [''], null],
        [['a', 'b'], ['b', ''], [], null],
      ],
      (s1: DStream<string>, s2: DStream<string>) =>
        tap(
          s1.transformWith(s2, (r1, r2) => r1.union(r2)),
          seen,
        ),
      4,
    );
    await assertBatchFails(
      run,
      4000,
      /transformWith .* could not get a dataset .* at time 4000 ms/,
      MissingDatasetError,
    );
    assertBatchesUnordered(seen, [['a', 'b', 'a', 'b'], ['a', 'b', '', ''], ['']]);
  });

  it('StreamingContext.transform (BasicOperationsSuite)', async () => {
    const out = await runStreams([hundreds], unionOfThree, 3);
    assert.deepStrictEqual(out, [from(1, 12), from(101, 12), from(201, 12)]);
  });

  it('StreamingContext.transform with input stream return None (BasicOperationsSuite)', async () => {
    const seen: number[][] = [];
    const run = runStreams([[...hundreds, null]], (s: DStream<number>) => tap(unionOfThree(s), seen), 4);
    await assertBatchFails(run, 4000, /transform .* could not get a dataset .* at time 4000 ms/, MissingDatasetError);
    assert.deepStrictEqual(seen, [from(1, 12), from(101, 12), from(201, 12)]);
  });
});

describe('transform, transformWith, StreamingContext.transform (Spark JavaAPISuite)', () => {
  it('testTransform (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
      (s: DStream<number>) => s.transform((rdd) => rdd.map((i) => i + 2)),
      3,
      java,
    );
    assertBatchesUnordered(out, [
      [3, 4, 5],
      [6, 7, 8],
      [9, 10, 11],
    ]);
  });

  it('testVariousTransform (JavaAPISuite): the function may take the batch time', async () => {
    const out = await runStreams(
      [[[1], [2]]],
      (s: DStream<number>) => s.transform((rdd, time) => rdd.map((x): [number, number] => [x, time])),
      2,
      java,
    );
    assert.deepStrictEqual(out, [[[1, 1000]], [[2, 2000]]]);
  });

  it('testTransformWith (JavaAPISuite)', async () => {
    const out = await runStreams(
      teams,
      (a: DStream<[string, string]>, b: DStream<[string, string]>) => a.transformWith(b, (r1, r2) => r1.join(r2)),
      2,
      java,
    );
    assertBatchesUnordered(out, [
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

  it('testStreamingContextTransform (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [[1], [2]],
        [[3], [4]],
        [[[1, 'x']], [[2, 'y']]],
      ],
      (s1: DStream<number>, s2: DStream<number>, p: DStream<[number, string]>) =>
        s1.context.transform([s1, s2, p], (rdds) => {
          assert.equal(rdds.length, 3);
          const [r1, r2, pairs] = rdds as [Rdd<number>, Rdd<number>, Rdd<[number, string]>];
          return r1
            .union(r2)
            .map((i): [number, number] => [i, i])
            .join(pairs);
        }),
      2,
      java,
    );
    assert.deepStrictEqual(out, [[[1, [1, 'x']]], [[2, [2, 'y']]]]);
  });

  const unsorted = [
    [
      [3, 5],
      [1, 5],
      [4, 5],
      [2, 5],
    ],
    [
      [2, 5],
      [3, 5],
      [4, 5],
      [1, 5],
    ],
  ];

  it('testPairTransform (JavaAPISuite)', async () => {
    const out = await runStreams(
      [unsorted],
      (s: DStream<[number, number]>) => s.transform((rdd) => rdd.sortByKey()),
      2,
      java,
    );
    const sorted = [
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
    ];
    assert.deepStrictEqual(out, [sorted, sorted]);
  });

  it('testPairToNormalRDDTransform (JavaAPISuite)', async () => {
    const out = await runStreams(
      [unsorted],
      (s: DStream<[number, number]>) => s.transform((rdd) => rdd.map(([k]) => k)),
      2,
      java,
    );
    assert.deepStrictEqual(out, [
      [3, 1, 4, 2],
      [2, 3, 4, 1],
    ]);
  });
});

describe('transform, transformWith, StreamingContext.transform (PySpark)', () => {
  it('test_failed_func2 (PySpark BasicOperationTests)', async () => {
    const input = [[0], [1], [2], [3]];
    const run = runStreams(
      [input, input],
      (a: DStream<number>, b: DStream<number>) =>
        a.transformWith(b, () => {
          throw new Error('This is a special error');
        }),
      4,
      pyspark,
    );
    await assertBatchFails(run, 500, /transformWith .* threw: This is a special error/);
  });

  it('test_transform (PySpark StreamingContextTests)', async () => {
    const out = await runStreams(
      [[[1]], [[2]], [[3]]],
      (d1: DStream<number>, d2: DStream<number>, d3: DStream<number>) =>
        d1.context.transform([d1, d2, d3], ([r1, r2, r3]: Rdd<number>[]) => r2.union(r3).union(r1)),
      1,
      contextTests,
    );
    assert.deepStrictEqual(out, [[2, 3, 1]]);
  });

  it('test_transform_pairrdd (PySpark StreamingContextTests)', async () => {
    const out = await runStreams(
      [[[1], [2], [3]]],
      (s: DStream<number>) => s.transform((rdd) => rdd.cartesian(rdd)),
      3,
      contextTests,
    );
    assert.deepStrictEqual(out, [[[1, 1]], [[2, 2]], [[3, 3]]]);
  });
});
