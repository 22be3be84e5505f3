// Spark's own case for foreachRDD, from JavaAPISuite.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';

describe('foreachRDD (Spark JavaAPISuite)', () => {
  it('testForeachRDD (JavaAPISuite)', async () => {
    let rddCalls = 0;
    let elemCalls = 0;
    const times: number[] = [];
    const out = await runStreams(
      [
        [
          [1, 1, 1],
          [1, 1, 1],
        ],
      ],
      (s: DStream<number>) => {
        s.foreachRDD((rdd) => {
          rddCalls++;
          rdd.foreach(() => {
            elemCalls++;
          });
        });
        s.foreachRDD((_rdd, time) => {
          times.push(time);
        });
        return s.count();
      },
      2,
      { numInputPartitions: 1 },
    );
    assert.deepStrictEqual(out, [[3], [3]]);
    assert.equal(rddCalls, 2);
    assert.equal(elemCalls, 6);
    assert.deepStrictEqual(times, [1000, 2000]);
  });
});
