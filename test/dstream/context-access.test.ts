import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, type DStream, ManualClock, StreamingContext } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';

describe('reaching the contexts', () => {
  it('reaches the streaming context from a stream (Spark: StreamingContext.union via s.context)', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      ],
      (s: DStream<number>) => s.context.union([s, s.map((x) => x + 4)]),
      2,
    );
    assert.deepEqual(out, [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [5, 6, 7, 8, 9, 10, 11, 12],
    ]);
  });

  it('reaches the batch-level context from the streaming context, every stream and every dataset', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock() });
    const stream = ssc.queueStream<number>([]);
    const rdd = ssc.sparkContext.parallelize([1]);
    assert.ok(ssc.batchContext instanceof BatchContext);
    assert.equal(ssc.sparkContext, ssc.batchContext);
    assert.equal(stream.batchContext, ssc.batchContext);
    assert.equal(stream.context.sparkContext, ssc.batchContext);
    assert.equal(rdd.context, ssc.batchContext);
    assert.equal(rdd.sparkContext, ssc.batchContext);
    assert.deepEqual(stream.batchContext.makeRDD([1, 2, 3], 2).glom().collect(), [[1], [2, 3]]);
    assert.equal(rdd.context.emptyRDD().count(), 0);
  });
});
