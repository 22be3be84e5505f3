// Spark's own cases for union and StreamingContext.union, from BasicOperationsSuite, JavaAPISuite and
// PySpark's test_dstream.py / test_context.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, GraphValidationError, MissingDatasetError } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesUnordered, assertBatchFails } from './expect.ts';
import { from, hundreds } from './fixtures.ts';

describe('union (Spark BasicOperationsSuite)', () => {
  it('union (BasicOperationsSuite)', async () => {
    const out = await runStreams([hundreds], (s: DStream<number>) => s.union(s.map((x) => x + 4)), 3);
    assert.deepStrictEqual(out, [from(1, 8), from(101, 8), from(201, 8)]);
  });

  it('union with input stream return None (BasicOperationsSuite)', async () => {
    const seen: number[][] = [];
    const run = runStreams(
      [[...hundreds, null]],
      (s: DStream<number>) => {
        const union = s.union(s.map((x) => x + 4));
        union.foreachRDD((rdd) => {
          seen.push(rdd.collect());
        });
        return union;
      },
      4,
    );
    await assertBatchFails(
      run,
      4000,
      /union .* could not get a dataset from its parent .* at time 4000 ms/,
      MissingDatasetError,
    );
    assert.deepStrictEqual(seen, [from(1, 8), from(101, 8), from(201, 8)]);
  });

  it('StreamingContext.union (BasicOperationsSuite)', async () => {
    const out = await runStreams(
      [hundreds],
      (s: DStream<number>) => s.context.union([s, s.map((x) => x + 4), s.map((x) => x + 8)]),
      3,
    );
    assert.deepStrictEqual(out, [from(1, 12), from(101, 12), from(201, 12)]);
  });

  it('union of streams with different slide durations (UnionDStream require; no Spark test)', async () => {
    await assert.rejects(
      runStreams([hundreds], (s: DStream<number>) => s.union(s.window(2000, 2000)), 2),
      (e: unknown) =>
        e instanceof GraphValidationError && /union: the streams have different slide durations/.test(e.message),
    );
  });
});

describe('union (Spark JavaAPISuite)', () => {
  it('testUnion (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        [
          [4, 4],
          [5, 5],
          [6, 6],
        ],
      ],
      (a: DStream<number>, b: DStream<number>) => a.union(b),
      3,
      { numInputPartitions: 2 },
    );
    assertBatchesUnordered(out, [
      [1, 1, 4, 4],
      [2, 2, 5, 5],
      [3, 3, 6, 6],
    ]);
  });
});

describe('union (PySpark)', () => {
  it('test_union (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [0, 1, 2],
          [0, 1, 2, 3, 4],
          [0, 1, 2, 3, 4, 5],
        ],
        [[3, 4, 5], [5]],
      ],
      (a: DStream<number>, b: DStream<number>) => a.union(b),
      3,
      { batchDurationMs: 500, numInputPartitions: 1, defaultParallelism: 1 },
    );
    assert.deepStrictEqual(out, [from(0, 6), from(0, 6), from(0, 6)]);
  });

  it('test_union (PySpark StreamingContextTests)', async () => {
    const input = [[0], [0, 1], [0, 1, 2]];
    const out = await runStreams(
      [input, input],
      (a: DStream<number>, b: DStream<number>) => a.context.union([a, b]),
      3,
      { batchDurationMs: 100, numInputPartitions: 1, defaultParallelism: 1 },
    );
    assert.deepStrictEqual(out, [
      [0, 0],
      [0, 1, 0, 1],
      [0, 1, 2, 0, 1, 2],
    ]);
  });
});
