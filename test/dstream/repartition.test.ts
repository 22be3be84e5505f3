// Spark's own cases for DStream.repartition, checked on the partitions of each batch, from
// BasicOperationsSuite, JavaAPISuite and PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams, runStreamsWithPartitions } from '../../src/testing/index.ts';
import { from } from './fixtures.ts';

const hundredsInput = [from(1, 100), from(101, 100), from(201, 100)];
const oneToTen = from(1, 10);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

function assertPartitioned(out: number[][][], numPartitions: number, expected: number[][]): void {
  assert.equal(out.length, expected.length);
  out.forEach((partitions, i) => {
    assert.equal(partitions.length, numPartitions, `batch ${i + 1} has ${partitions.length} partitions`);
    assert.deepStrictEqual(sorted(partitions.flat()), expected[i]);
  });
}

describe('repartition (Spark BasicOperationsSuite)', () => {
  it('repartition (more partitions) (BasicOperationsSuite)', async () => {
    const out = await runStreamsWithPartitions([hundredsInput], (s: DStream<number>) => s.repartition(5), 3, {
      numInputPartitions: 2,
    });
    assertPartitioned(out, 5, hundredsInput);
  });

  it('repartition (fewer partitions) (BasicOperationsSuite)', async () => {
    const out = await runStreamsWithPartitions([hundredsInput], (s: DStream<number>) => s.repartition(2), 3, {
      numInputPartitions: 5,
    });
    assertPartitioned(out, 2, hundredsInput);
  });
});

describe('repartition (Spark JavaAPISuite)', () => {
  it('testRepartitionMorePartitions (JavaAPISuite)', async () => {
    const out = await runStreamsWithPartitions([[oneToTen, oneToTen]], (s: DStream<number>) => s.repartition(4), 2, {
      numInputPartitions: 2,
    });
    assertPartitioned(out, 4, [oneToTen, oneToTen]);
  });

  it('testRepartitionFewerPartitions (JavaAPISuite)', async () => {
    const out = await runStreamsWithPartitions([[oneToTen, oneToTen]], (s: DStream<number>) => s.repartition(2), 2, {
      numInputPartitions: 4,
    });
    assertPartitioned(out, 2, [oneToTen, oneToTen]);
  });
});

describe('repartition (PySpark test_dstream)', () => {
  it('test_repartition (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      ],
      (s: DStream<number>) => s.repartition(1).glom(),
      2,
      { batchDurationMs: 500, numInputPartitions: 2, defaultParallelism: 1 },
    );
    assert.deepStrictEqual(out, [[[1, 2, 3, 4]], [[5, 6, 7, 8]]]);
  });
});
