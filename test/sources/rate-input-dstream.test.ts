import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, type RateStreamOptions, StreamingContext } from '../../src/index.ts';
import { runBatches } from '../support/drive.ts';

/** Each batch of a rate stream, partitions kept apart. */
async function rateBatches(
  options: RateStreamOptions,
  batches: number,
  batchDurationMs = 1000,
): Promise<[number, number][][][]> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs, clock, defaultParallelism: 2 });
  const out: [number, number][][][] = [];
  ssc.rateStream(options).foreachRDD((rdd) => {
    out.push(rdd.collectPartitions());
  });
  await runBatches(ssc, clock, batches);
  await ssc.stop();
  return out;
}

const values = (batch: [number, number][][]) =>
  batch
    .flat()
    .map(([, v]) => v)
    .sort((a, b) => a - b);

describe('rateStream', () => {
  it('counts up across batches, deals values round-robin over the partitions, spreads timestamps over the interval', async () => {
    const out = await rateBatches({ recordsPerSecond: 5 }, 2);
    assert.deepEqual(out, [
      [
        [
          [0, 0],
          [400, 2],
          [800, 4],
        ],
        [
          [200, 1],
          [600, 3],
        ],
      ],
      [
        [
          [1000, 5],
          [1400, 7],
          [1800, 9],
        ],
        [
          [1200, 6],
          [1600, 8],
        ],
      ],
    ]);
  });

  it('ramps up in whole-second steps as Spark does (rampUp 4 s, 10 per second: 0 2 6 12 20 30 40)', async () => {
    const out = await rateBatches({ recordsPerSecond: 10, rampUpTimeMs: 4000 }, 6);
    const ends = out.map((b) => Math.max(...values(b)) + 1);
    assert.deepEqual(ends, [2, 6, 12, 20, 30, 40]);
    assert.deepEqual(values(out[1]), [2, 3, 4, 5]);
  });

  it('spreads a second over batches shorter than a second', async () => {
    const out = await rateBatches({ recordsPerSecond: 10, numPartitions: 1 }, 4, 300);
    assert.deepEqual(out.map(values), [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
      [9, 10, 11],
    ]);
    assert.deepEqual(
      out[1][0].map(([t]) => t),
      [300, 400, 500],
    );
  });

  it('reports the records of each batch as its input', async () => {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
    ssc.rateStream({ recordsPerSecond: 7 }).foreachRDD(() => {});
    const counts: number[] = [];
    ssc.addStreamingListener((e) => {
      if (e.type === 'batchCompleted') counts.push(e.batch.numRecords);
    });
    await runBatches(ssc, clock, 2);
    await ssc.stop();
    assert.deepEqual(counts, [7, 7]);
  });

  it('refuses options out of range, naming them', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    assert.throws(() => ssc.rateStream({ recordsPerSecond: 0 }), /recordsPerSecond must be a whole number >= 1, got 0/);
    assert.throws(() => ssc.rateStream({ recordsPerSecond: 1.5 }), /recordsPerSecond .* got 1.5/);
    assert.throws(
      () => ssc.rateStream({ recordsPerSecond: 1, rampUpTimeMs: 1500 }),
      /rampUpTimeMs must be a whole number of seconds in ms .* got 1500/,
    );
    assert.throws(() => ssc.rateStream({ recordsPerSecond: 1, numPartitions: 0 }), /numPartitions must be .* got 0/);
    assert.throws(() => ssc.rateStream(undefined as unknown as RateStreamOptions), { code: 'INVALID_ARGUMENT' });
  });
});
