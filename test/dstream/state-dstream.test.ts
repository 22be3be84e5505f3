// Spark's updateStateByKey cases (BasicOperationsSuite, JavaAPISuite, PySpark test_dstream.py), then
// Sluice's own checks of failures, partitioning and the checkpoint requirement.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DStream,
  GraphValidationError,
  HashPartitioner,
  ManualClock,
  StreamingContext,
  type Time,
} from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { checkpointed } from '../support/drive.ts';
import { assertBatchesSortedByKey, assertBatchesUnordered, assertBatchFails } from './expect.ts';
import { java, letters, pyspark, stringIntKV, sumUpdate } from './fixtures.ts';

const pairsOf = (s: DStream<string>) => s.map((x): [string, number] => [x, 1]);
const withInitialExpected = [
  [
    ['a', 2],
    ['c', 2],
  ],
  [
    ['a', 3],
    ['b', 1],
    ['c', 2],
  ],
  [
    ['a', 4],
    ['b', 2],
    ['c', 3],
  ],
  [
    ['a', 5],
    ['b', 3],
    ['c', 3],
  ],
  [
    ['a', 6],
    ['b', 3],
    ['c', 3],
  ],
  [
    ['a', 6],
    ['b', 3],
    ['c', 3],
  ],
];

describe('updateStateByKey (Spark BasicOperationsSuite)', () => {
  it('updateStateByKey', async () => {
    const out = await runStreams(
      [letters],
      (s: DStream<string>) => pairsOf(s).updateStateByKey(sumUpdate),
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, [
      [['a', 1]],
      [
        ['a', 2],
        ['b', 1],
      ],
      [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
      [
        ['a', 4],
        ['b', 3],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['b', 3],
        ['c', 1],
      ],
      [
        ['a', 5],
        ['b', 3],
        ['c', 1],
      ],
    ]);
  });

  it('updateStateByKey - simple with initial value RDD', async () => {
    const out = await runStreams(
      [letters],
      (s: DStream<string>) => {
        const initialRDD = s.batchContext.makeRDD<[string, number]>([
          ['a', 1],
          ['c', 2],
        ]);
        return pairsOf(s).updateStateByKey(sumUpdate, { partitioning: new HashPartitioner(2), initialRDD });
      },
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, withInitialExpected);
  });

  it('updateStateByKey - with initial value RDD (iterator form, rememberPartitioner)', async () => {
    const out = await runStreams(
      [letters],
      (s: DStream<string>) => {
        const initialRDD = s.batchContext.makeRDD<[string, number]>([
          ['a', 1],
          ['c', 2],
        ]);
        const updatePartition = function* (keys: Iterable<[string, number[], number | undefined]>) {
          for (const [key, values, state] of keys) yield [key, sumUpdate(values, state)] as [string, number];
        };
        return pairsOf(s).updateStateByKey({
          updatePartition,
          partitioning: new HashPartitioner(2),
          rememberPartitioner: true,
          initialRDD,
        });
      },
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, withInitialExpected);
  });

  it('updateStateByKey - testing time stamps as input', async () => {
    const out = await runStreams(
      [letters],
      (s: DStream<string>) => {
        const initialRDD = s.batchContext.makeRDD<[string, number]>([
          ['a', 0],
          ['c', 0],
        ]);
        const update = (values: number[], state: number | undefined, _key: string, time: Time) =>
          values.length > 0 ? time + (state ?? 0) : (state ?? 0);
        return pairsOf(s).updateStateByKey(update, {
          partitioning: new HashPartitioner(2),
          rememberPartitioner: false,
          initialRDD,
        });
      },
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, [
      [
        ['a', 1000],
        ['c', 0],
      ],
      [
        ['a', 3000],
        ['b', 2000],
        ['c', 0],
      ],
      [
        ['a', 6000],
        ['b', 5000],
        ['c', 3000],
      ],
      [
        ['a', 10000],
        ['b', 9000],
        ['c', 3000],
      ],
      [
        ['a', 15000],
        ['b', 9000],
        ['c', 3000],
      ],
      [
        ['a', 15000],
        ['b', 9000],
        ['c', 3000],
      ],
    ]);
  });

  it('updateStateByKey - object lifecycle', async () => {
    class StateObject {
      counter = 0;
      expireCounter = 0;
    }
    const update = (values: number[], state: StateObject | undefined): StateObject | undefined => {
      const s = state ?? new StateObject();
      const sum = values.reduce((a, b) => a + b, 0);
      if (sum === 0) s.expireCounter += 1;
      else {
        s.counter += sum;
        s.expireCounter = 0;
      }
      return s.expireCounter === 2 ? undefined : s;
    };
    const out = await runStreams(
      [[['a', 'b'], null, ['a', 'c', 'a'], ['c'], null, null]],
      (s: DStream<string>) =>
        pairsOf(s)
          .updateStateByKey(update)
          .mapValues((o) => o.counter),
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, [
      [
        ['a', 1],
        ['b', 1],
      ],
      [
        ['a', 1],
        ['b', 1],
      ],
      [
        ['a', 3],
        ['c', 1],
      ],
      [
        ['a', 3],
        ['c', 2],
      ],
      [['c', 2]],
      [],
    ]);
  });
});

describe('updateStateByKey (Spark JavaAPISuite)', () => {
  it('testUpdateStateByKey', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: DStream<[string, number]>) => s.updateStateByKey(sumUpdate),
      3,
      checkpointed(java),
    );
    assertBatchesUnordered(out, [
      [
        ['california', 4],
        ['new york', 5],
      ],
      [
        ['california', 14],
        ['new york', 9],
      ],
      [
        ['california', 14],
        ['new york', 9],
      ],
    ]);
  });

  it('testUpdateStateByKeyWithInitial', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: DStream<[string, number]>) => {
        const initialRDD = s.batchContext.makeRDD<[string, number]>([
          ['california', 1],
          ['new york', 2],
        ]);
        return s.updateStateByKey(sumUpdate, { partitioning: new HashPartitioner(1), initialRDD });
      },
      3,
      checkpointed(java),
    );
    assertBatchesUnordered(out, [
      [
        ['california', 5],
        ['new york', 7],
      ],
      [
        ['california', 15],
        ['new york', 11],
      ],
      [
        ['california', 15],
        ['new york', 11],
      ],
    ]);
  });
});

describe('updateStateByKey (PySpark test_dstream.py)', () => {
  const appendTo = (values: number[], state: number[] | undefined) => {
    const s = state ?? [];
    s.push(...values);
    return s;
  };

  it('test_update_state_by_key (the update mutates its state)', async () => {
    const input = [[['k', 0]], [['k', 1]], [['k', 2]], [['k', 3]], [['k', 4]]];
    const out = await runStreams(
      [input],
      (s: DStream<[string, number]>) => s.updateStateByKey(appendTo),
      5,
      checkpointed(pyspark),
    );
    assertBatchesSortedByKey(out, [
      [['k', [0]]],
      [['k', [0, 1]]],
      [['k', [0, 1, 2]]],
      [['k', [0, 1, 2, 3]]],
      [['k', [0, 1, 2, 3, 4]]],
    ]);
  });

  it('test_update_state_by_key_initial_rdd', async () => {
    const input = [[['k', 2]], [['k', 3]], [['k', 4]]];
    const out = await runStreams(
      [input],
      (s: DStream<[string, number]>) => {
        const initialRDD = s.batchContext.makeRDD<[string, number[]]>([['k', [0, 1]]], 1);
        return s.updateStateByKey(appendTo, { initialRDD });
      },
      3,
      checkpointed(pyspark),
    );
    assertBatchesSortedByKey(out, [[['k', [0, 1, 2]]], [['k', [0, 1, 2, 3]]], [['k', [0, 1, 2, 3, 4]]]]);
  });
});

describe('updateStateByKey (Sluice)', () => {
  it('keeps the partitioner only with rememberPartitioner', async () => {
    const partitioners = await runStreams(
      [letters],
      (s: DStream<string>) => {
        const kept = pairsOf(s).updateStateByKey(sumUpdate, 3);
        const dropped = pairsOf(s).updateStateByKey(sumUpdate, { partitioning: 3, rememberPartitioner: false });
        return kept.transformWith(dropped, (a, b) =>
          a.context.makeRDD([[String(a.partitioner), a.numPartitions, String(b.partitioner), b.numPartitions]], 1),
        );
      },
      1,
      checkpointed(),
    );
    assert.deepEqual(partitioners, [[['HashPartitioner(3)', 3, 'undefined', 3]]]);
  });

  it('a failing update fails the batch naming the operation, with the error as cause, and keeps the previous state', async () => {
    const seen: [string, number][][] = [];
    const boom = new Error('no negative counts');
    const run = runStreams(
      [
        [
          [['a', 1]],
          [
            ['a', 2],
            ['b', -1],
          ],
          [['a', 4]],
        ],
      ],
      (s: DStream<[string, number]>) => {
        const state = s.updateStateByKey((values: number[], st: number | undefined) => {
          const next = sumUpdate(values, st);
          if (next < 0) throw boom;
          return next;
        }, 1);
        state.foreachRDD((rdd) => {
          seen.push(rdd.collect());
        });
        return state;
      },
      3,
      checkpointed(),
    );
    await assertBatchFails(run, 2000, /updateStateByKey \(stream \d+\).* threw in partition 0: no negative counts/);
    await run.catch((e: Error) => assert.equal(e.cause, boom));
    assert.deepEqual(seen, [[['a', 1]]]);
  });

  it('refuses to start without a checkpoint directory, naming the stream', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    const input = ssc.queueStream<[string, number]>([]);
    input.updateStateByKey(sumUpdate).foreachRDD(() => {});
    assert.throws(
      () => ssc.start(),
      (e: unknown) =>
        e instanceof GraphValidationError &&
        /updateStateByKey \(stream \d+\) .*needs checkpointing.*ssc\.checkpoint/.test(e.message),
    );
  });

  it('refuses a missing update function', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    const input = ssc.queueStream<[string, number]>([]);
    assert.throws(() => input.updateStateByKey(undefined as never), /updateStateByKey needs an update function/);
  });
});
