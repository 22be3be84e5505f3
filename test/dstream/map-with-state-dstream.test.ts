// Spark's MapWithStateSuite cases through runStreams, then Sluice's own: timeouts at the first batch past
// the idle time, reading an older batch's state after a newer one, failures and the checkpoint rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DStream,
  GraphValidationError,
  ManualClock,
  MemoryStateStore,
  type State,
  StateSpec,
  type StateStoreContext,
  StreamingContext,
  type Time,
} from '../../src/index.ts';
import { runStreams, TestInputDStream } from '../../src/testing/index.ts';
import { newCheckpointDir } from '../support/drive.ts';
import { assertBatchesUnordered, assertBatchFails } from './expect.ts';

const inputData = [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];
const stateData = [
  [],
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
];

/** Spark's getOperationOutput: the mapped records and the state snapshots of each batch. */
async function mapWithStateOutput<S, M>(
  input: (string[] | null)[],
  spec: StateSpec<string, number, S, M>,
  numBatches: number,
): Promise<{ outputs: M[][]; snapshots: [string, S][][] }> {
  const snapshots: [string, S][][] = [];
  const outputs = await runStreams(
    [input],
    (s: DStream<string>) => {
      const mapped = s.map((x): [string, number] => [x, 1]).mapWithState(spec);
      mapped.stateSnapshots().foreachRDD((rdd) => {
        snapshots.push(structuredClone(rdd.collect()));
      });
      return mapped;
    },
    numBatches,
    { checkpointDir: newCheckpointDir() },
  );
  return { outputs, snapshots };
}

async function testOperation<S, M>(
  input: string[][],
  spec: StateSpec<string, number, S, M>,
  expectedOutputs: M[][],
  expectedStates: [string, S][][],
): Promise<void> {
  const { outputs, snapshots } = await mapWithStateOutput(input, spec, expectedOutputs.length);
  assertBatchesUnordered(outputs, expectedOutputs);
  assertBatchesUnordered(snapshots, expectedStates);
}

const runningCount = (_key: string, value: number | undefined, state: State<number>) => {
  const sum = (value ?? 0) + (state.getOption() ?? 0);
  state.update(sum);
  return sum;
};

describe('mapWithState (Spark MapWithStateSuite)', () => {
  it('mapWithState - basic operations with simple API', async () => {
    await testOperation(
      inputData,
      StateSpec.function(runningCount),
      [[], [1], [2, 1], [3, 2, 1], [4, 3], [5], []],
      stateData as [string, number][][],
    );
  });

  it('mapWithState - basic operations with advanced API', async () => {
    const spec = StateSpec.function((_time: Time, key: string, value: number | undefined, state: State<number>) => {
      state.update((value ?? 0) + (state.getOption() ?? 0));
      return key + key;
    });
    await testOperation(
      inputData,
      spec,
      [[], ['aa'], ['aa', 'bb'], ['aa', 'bb', 'cc'], ['aa', 'bb'], ['aa'], []],
      stateData as [string, number][][],
    );
  });

  it('mapWithState - states as mapped data', async () => {
    const spec = StateSpec.function((_time: Time, key: string, value: number | undefined, state: State<number>) => {
      const sum = (value ?? 0) + (state.getOption() ?? 0);
      state.update(sum);
      return [key, sum] as [string, number];
    });
    await testOperation(
      inputData,
      spec,
      [
        [],
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
        ],
        [['a', 5]],
        [],
      ],
      stateData as [string, number][][],
    );
  });

  it('mapWithState - initial states, with nothing returned as from mapping function', async () => {
    const initialState: [string, number][] = [
      ['a', 5],
      ['b', 10],
      ['c', -20],
      ['d', 0],
    ];
    const spec = StateSpec.function(
      (_time: Time, _key: string, value: number | undefined, state: State<number>): number | undefined => {
        state.update((value ?? 0) + (state.getOption() ?? 0));
        return undefined;
      },
    ).initialState(new StreamingContext({ batchDurationMs: 1000 }).batchContext.makeRDD(initialState));
    const states = [
      [5, 10, -20, 0],
      [6, 10, -20, 0],
      [7, 11, -20, 0],
      [8, 12, -19, 0],
      [9, 13, -19, 0],
      [10, 13, -19, 0],
      [10, 13, -19, 0],
    ].map((counts) => counts.map((n, i): [string, number] => [['a', 'b', 'c', 'd'][i], n]));
    await testOperation(inputData, spec, [[], [], [], [], [], [], []], states);
  });

  it('mapWithState - state removing', async () => {
    const spec = StateSpec.function(
      (_time: Time, key: string, value: number | undefined, state: State<number>): string | undefined => {
        if (state.exists()) {
          state.remove();
          return key;
        }
        state.update(value as number);
        return undefined;
      },
    ).numPartitions(1);
    await testOperation(
      [[], ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []],
      spec,
      [[], [], ['a'], ['b'], ['a', 'c'], ['b'], ['a'], []],
      [
        [],
        [['a', 1]],
        [['b', 1]],
        [
          ['a', 1],
          ['c', 1],
        ],
        [['b', 1]],
        [['a', 1]],
        [],
        [],
      ] as [string, number][][],
    );
  });

  it('mapWithState - state timing out', async () => {
    const input = [['a', 'b', 'c'], ['a', 'b'], ['a'], [], [], ['a'], ...Array.from({ length: 20 }, () => ['a'])];
    const spec = StateSpec.function(
      (_time: Time, key: string, value: number | undefined, state: State<number>): string | undefined => {
        if (value !== undefined) state.update(1);
        return state.isTimingOut() ? key : undefined;
      },
    ).timeout(3000);
    const { outputs, snapshots } = await mapWithStateOutput(input, spec, 20);
    // Spark's assertions: b and c are returned once each, all three had state at one point, a stays.
    assert.deepEqual(outputs.flat().sort(), ['b', 'c']);
    assert.ok(snapshots.some((s) => s.length === 3 && s.every(([, n]) => n === 1)));
    assert.deepEqual(snapshots.at(-1), [['a', 1]]);
    // Sluice checks timeouts at every batch, so they fire at the first batch past the idle time: c was
    // last updated at 1000 and times out at 5000 (1000 < 5000 - 3000), b (2000) at 6000.
    assert.deepEqual(outputs.slice(0, 7), [[], [], [], [], ['c'], ['b'], []]);
  });

  it('mapWithState - checkpoint durations', () => {
    const cases: [number, number, number | undefined][] = [
      [100, 1000, undefined],
      [1000, 10000, undefined],
      [10000, 100000, undefined],
      [100, 2000, 2000],
      [1000, 2000, 2000],
      [10000, 20000, 20000],
    ];
    for (const [batchDurationMs, expected, explicit] of cases) {
      const ssc = new StreamingContext({ batchDurationMs, clock: new ManualClock(0) });
      const input = ssc.inputStream(new TestInputDStream<number>(ssc, [], 2)).map((x): [number, number] => [x, 1]);
      const stream = input.mapWithState(
        StateSpec.function((_k: number, _v: number | undefined, _s: State<number>) => 0),
      );
      if (explicit !== undefined) stream.checkpoint(explicit);
      stream.foreachRDD(() => {});
      ssc.checkpoint(newCheckpointDir());
      ssc.start();
      assert.equal(stream.node.checkpointDurationMs, undefined);
      assert.equal(stream.node.dependencies[0].checkpointDurationMs, expected);
      void ssc.stop();
    }
  });
});

describe('mapWithState (Sluice)', () => {
  it('with a timeout, a key that gets data stays active even when its state is not updated (as Spark)', async () => {
    const spec = StateSpec.function(
      (_time: Time, key: string, value: number | undefined, state: State<number>): string | undefined => {
        if (!state.exists()) state.update(value ?? 0);
        return state.isTimingOut() ? key : undefined;
      },
    ).timeout(2000);
    const { outputs, snapshots } = await mapWithStateOutput([['a', 'b'], ['a'], ['a'], ['a'], [], [], []], spec, 7);
    // b (last touched at 1000) times out at 4000; a (touched until 4000) at 7000.
    assert.deepEqual(outputs, [[], [], [], ['b'], [], [], ['a']]);
    assert.deepEqual(snapshots.at(-1), []);
  });

  it('passes the batch time to the four-parameter form', async () => {
    const spec = StateSpec.function((time: Time, key: string, _v: number | undefined, _s: State<number>) => [
      key,
      time,
    ]);
    const { outputs } = await mapWithStateOutput([['a'], [], ['b']], spec, 3);
    assert.deepEqual(outputs, [[['a', 1000]], [], [['b', 3000]]]);
  });

  it("an older batch's state stays readable after a newer batch is computed", async () => {
    const out = await runStreams(
      [[['a'], ['a', 'b'], ['b'], []]],
      (s: DStream<string>) =>
        s
          .map((x): [string, number] => [x, 1])
          .mapWithState(StateSpec.function(runningCount))
          .stateSnapshots()
          .window(2000),
      4,
      { checkpointDir: newCheckpointDir() },
    );
    assertBatchesUnordered(out, [
      [['a', 1]],
      [
        ['a', 1],
        ['a', 2],
        ['b', 1],
      ],
      [
        ['a', 2],
        ['b', 1],
        ['a', 2],
        ['b', 2],
      ],
      [
        ['a', 2],
        ['b', 2],
        ['a', 2],
        ['b', 2],
      ],
    ]);
  });

  it('a throwing function fails the batch naming mapWithState, and the previous state stays whole', async () => {
    class KeptStore extends MemoryStateStore<unknown, unknown> {
      override close(): void {}
    }
    const stores: KeptStore[] = [];
    const factory = (context: StateStoreContext) => {
      const store = new KeptStore({ timeIndex: context.timeIndex });
      stores.push(store);
      return store;
    };
    const boom = new Error('bad value');
    const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
      state.update((state.getOption() ?? 0) + (value ?? 0));
      if (key === 'x') throw boom;
      return key;
    })
      .numPartitions(1)
      .stateStore(factory);
    const run = runStreams(
      [[['a', 'b'], ['a', 'c', 'x'], ['a']]],
      (s: DStream<string>) => s.map((x): [string, number] => [x, 1]).mapWithState(spec),
      3,
      { checkpointDir: newCheckpointDir() },
    );
    await assertBatchFails(run, 2000, /mapWithState \(stream \d+\) at .* threw in partition 0: bad value/);
    await run.catch((e: Error) => assert.equal(e.cause, boom));
    assert.equal(stores.length, 1);
    assert.equal(stores[0].version, 1000);
    assert.deepEqual([...stores[0].entries()].map((e) => [e.key, e.state]).sort(), [
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('refuses to start without a checkpoint directory, naming the stream', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    ssc
      .queueStream<[string, number]>([])
      .mapWithState(StateSpec.function(runningCount))
      .foreachRDD(() => {});
    assert.throws(
      () => ssc.start(),
      (e: unknown) =>
        e instanceof GraphValidationError && /mapWithState \(stream \d+\) .*needs checkpointing/.test(e.message),
    );
  });
});
