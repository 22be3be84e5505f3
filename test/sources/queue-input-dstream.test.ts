import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, StreamingContext } from '../../src/index.ts';
import { runBatches } from '../support/drive.ts';

async function run<T>(setup: (ssc: StreamingContext) => DStream<T>, batches: number) {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  const out: T[][] = [];
  const records: number[] = [];
  ssc.addStreamingListener({ onBatchCompleted: (e) => records.push(e.batch.numRecords) });
  setup(ssc).foreachRDD((rdd) => {
    out.push(rdd.collect());
  });
  await runBatches(ssc, clock, batches);
  await ssc.stop();
  return { out, records };
}

describe('queueStream', () => {
  it('takes one queued dataset per batch, then empty datasets', async () => {
    const { out } = await run((ssc) => {
      const sc = ssc.batchContext;
      return ssc.queueStream([sc.parallelize([1, 2]), sc.parallelize([3])]);
    }, 3);
    assert.deepEqual(out, [[1, 2], [3], []]);
  });

  it('takes everything queued so far as one dataset when not one at a time', async () => {
    const { out } = await run((ssc) => {
      const sc = ssc.batchContext;
      return ssc.queueStream([sc.parallelize([1, 2]), sc.parallelize([3])], false);
    }, 2);
    assert.deepEqual(out, [[1, 2, 3], []]);
  });

  it('serves the default dataset when the queue is empty', async () => {
    const { out } = await run((ssc) => ssc.queueStream<number>([], true, ssc.batchContext.parallelize([7])), 2);
    assert.deepEqual(out, [[7], [7]]);
  });

  it('sees datasets queued while running, and accepts plain arrays, counting their records', async () => {
    const queue: number[][] = [[1, 2, 3]];
    let refilled = false;
    const { out, records } = await run((ssc) => {
      const stream = ssc.queueStream(queue);
      stream.foreachRDD(() => {
        if (!refilled) queue.push([4]);
        refilled = true;
      });
      return stream;
    }, 3);
    assert.deepEqual(out, [[1, 2, 3], [4], []]);
    assert.deepEqual(records, [3, 1, 0]);
  });
});

describe('constantInputStream', () => {
  it('serves the same dataset at every batch', async () => {
    const { out } = await run((ssc) => ssc.constantInputStream(ssc.batchContext.parallelize(['x', 'y'])), 3);
    assert.deepEqual(out, [
      ['x', 'y'],
      ['x', 'y'],
      ['x', 'y'],
    ]);
  });
});
