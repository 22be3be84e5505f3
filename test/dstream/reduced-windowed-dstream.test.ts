// Spark's cases for the windowed aggregations with an inverse function (reduceByKeyAndWindow with invF,
// with and without a filter, reduceByWindow with invF, countByWindow, countByValueAndWindow):
// WindowOperationsSuite, JavaAPISuite and PySpark's WindowFunctionTests; then the incremental behaviour
// itself, checked against the plain window on seeded random input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DStream,
  GraphValidationError,
  IllegalStateError,
  InvalidDurationError,
  type Rdd,
} from '../../src/index.ts';
import { runStreams, runStreamsWithRestart } from '../../src/testing/index.ts';
import { checkpointed } from '../support/drive.ts';
import { assertBatchesUnordered, assertBatchFails } from './expect.ts';
import { add, java, pyspark, range, stringIntKV } from './fixtures.ts';
import {
  bigInput,
  bigReduceInvOutput,
  bigReduceOutput,
  largerSlideInput,
  largerSlideReduceOutput,
} from './window-fixtures.ts';

type Pairs = DStream<[string, number]>;
const sub = (a: number, b: number) => a - b;

async function withInverse(
  input: [string, number][][],
  expected: [string, number][][],
  windowMs = 2000,
  slideMs = 1000,
  filter?: (p: [string, number]) => boolean,
): Promise<void> {
  const numBatches = expected.length * (slideMs / 1000);
  const out = await runStreams(
    [input],
    (s: Pairs) => s.reduceByKeyAndWindow(add, sub, windowMs, slideMs, undefined, filter).checkpoint(100_000),
    numBatches,
    checkpointed(),
  );
  assertBatchesUnordered(out, expected);
}

describe('reduceByKeyAndWindow with an inverse function (WindowOperationsSuite)', () => {
  it('basic reduction', () =>
    withInverse(
      [
        [
          ['a', 1],
          ['a', 3],
        ],
      ],
      [[['a', 4]]],
    ));

  it('key already in window and new value added into window', () =>
    withInverse([[['a', 1]], [['a', 1]]], [[['a', 1]], [['a', 2]]]));

  it('new key added into window', () =>
    withInverse(
      [
        [['a', 1]],
        [
          ['a', 1],
          ['b', 1],
        ],
      ],
      [
        [['a', 1]],
        [
          ['a', 2],
          ['b', 1],
        ],
      ],
    ));

  it('key removed from window: the key stays with the value the inverse leaves', () =>
    withInverse([[['a', 1]], [['a', 1]], [], []], [[['a', 1]], [['a', 2]], [['a', 1]], [['a', 0]]]));

  it('larger slide time', () => withInverse(largerSlideInput, largerSlideReduceOutput, 4000, 2000));

  it('big test', () => withInverse(bigInput, bigReduceInvOutput));

  it('big test with a filter function (inverse and filter functions)', () =>
    withInverse(bigInput, bigReduceOutput, 2000, 1000, ([, v]) => v !== 0));

  it('countByWindow', async () => {
    const out = await runStreams(
      [[[1], [1], [1, 2], [0], [], []]],
      (s: DStream<number>) => s.countByWindow(2000, 1000),
      6,
      checkpointed(),
    );
    assertBatchesUnordered(out, [[1], [2], [3], [3], [1], [0]]);
  });

  it('countByValueAndWindow', async () => {
    const out = await runStreams(
      [[['a'], ['b', 'b'], ['a', 'b']]],
      (s: DStream<string>) => s.countByValueAndWindow(2000, 1000),
      3,
      checkpointed(),
    );
    assertBatchesUnordered(out, [
      [['a', 1]],
      [
        ['a', 1],
        ['b', 2],
      ],
      [
        ['a', 1],
        ['b', 3],
      ],
    ]);
  });
});

describe('windowed aggregations with an inverse function (JavaAPISuite)', () => {
  it('testReduceByKeyAndWindowWithInverse', async () => {
    const out = await runStreams(
      [stringIntKV],
      (s: Pairs) => s.reduceByKeyAndWindow(add, sub, 2000, 1000),
      3,
      checkpointed(java),
    );
    assert.deepStrictEqual(out, [
      [
        ['california', 4],
        ['new york', 5],
      ],
      [
        ['california', 14],
        ['new york', 9],
      ],
      [
        ['california', 10],
        ['new york', 4],
      ],
    ]);
  });

  it('testReduceByWindowWithInverse', async () => {
    const input = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const out = await runStreams(
      [input],
      (s: DStream<number>) => s.reduceByWindow(add, sub, 2000, 1000),
      4,
      checkpointed(java),
    );
    assert.deepStrictEqual(out, [[6], [21], [39], [24]]);
  });

  it('testCountByValueAndWindow', async () => {
    const out = await runStreams(
      [[['hello', 'world'], ['hello', 'moon'], ['hello']]],
      (s: DStream<string>) => s.countByValueAndWindow(2000, 1000),
      3,
      checkpointed(java),
    );
    assertBatchesUnordered(out, [
      [
        ['hello', 1],
        ['world', 1],
      ],
      [
        ['hello', 2],
        ['world', 1],
        ['moon', 1],
      ],
      [
        ['hello', 2],
        ['moon', 1],
      ],
    ]);
  });
});

describe('windowed aggregations with an inverse function (PySpark WindowFunctionTests)', () => {
  it('test_count_by_window', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5)]],
      (s: DStream<number>) => s.countByWindow(1500, 500),
      7,
      checkpointed(pyspark),
    );
    assert.deepStrictEqual(out, [[1], [3], [6], [9], [12], [9], [5]]);
  });

  it('test_count_by_window_large', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5), range(6)]],
      (s: DStream<number>) => s.countByWindow(2500, 500),
      10,
      checkpointed(pyspark),
    );
    assert.deepStrictEqual(out, [[1], [3], [6], [10], [15], [20], [18], [15], [11], [6]]);
  });

  it('test_count_by_value_and_window', async () => {
    const out = await runStreams(
      [[range(1), range(2), range(3), range(4), range(5), range(6)]],
      (s: DStream<number>) => s.countByValueAndWindow(2500, 500),
      10,
      checkpointed(pyspark),
    );
    const counts = (...c: number[]) => c.map((n, k): [number, number] => [k, n]);
    assert.deepStrictEqual(out, [
      counts(1),
      counts(2, 1),
      counts(3, 2, 1),
      counts(4, 3, 2, 1),
      counts(5, 4, 3, 2, 1),
      counts(5, 5, 4, 3, 2, 1),
      counts(4, 4, 4, 3, 2, 1),
      counts(3, 3, 3, 3, 2, 1),
      counts(2, 2, 2, 2, 2, 1),
      counts(1, 1, 1, 1, 1, 1),
    ]);
  });

  it('test_reduce_by_invalid_window', async () => {
    const input = [[[0, 1, 2], range(5), [0], range(6)]];
    const pairs = (s: DStream<number>) => s.map((x): [number, number] => [x, 1]);
    await assert.rejects(
      runStreams(input, (s: DStream<number>) => pairs(s).reduceByKeyAndWindow(add, sub, 100, 100), 1, pyspark),
      (e: unknown) =>
        e instanceof InvalidDurationError &&
        /The window duration of reduceByKeyAndWindow\(100, 100\) \(100 ms\) must be a multiple of the slide duration of its parent .*\(500 ms\)/.test(
          e.message,
        ),
    );
    await assert.rejects(
      runStreams(input, (s: DStream<number>) => pairs(s).reduceByKeyAndWindow(add, sub, 1000, 100), 1, pyspark),
      (e: unknown) =>
        e instanceof InvalidDurationError &&
        /The slide duration of reduceByKeyAndWindow\(1000, 100\) \(100 ms\) must be a multiple of the slide duration of its parent .*\(500 ms\)/.test(
          e.message,
        ),
    );
  });
});

describe('windowed aggregations with an inverse function: checks', () => {
  it('need a checkpoint directory, as Spark requires', async () => {
    const operations: [string, (s: DStream<[string, number]>) => DStream<unknown>][] = [
      ['reduceByKeyAndWindow', (s) => s.reduceByKeyAndWindow(add, sub, 2000)],
      ['reduceByWindow', (s) => s.map(([, v]) => v).reduceByWindow(add, sub, 2000, 1000)],
      ['countByWindow', (s) => s.countByWindow(2000, 1000)],
      ['countByValueAndWindow', (s) => s.countByValueAndWindow(2000)],
    ];
    for (const [name, operation] of operations) {
      await assert.rejects(
        runStreams([[[['a', 1]]]], operation, 1),
        (e: unknown) =>
          e instanceof GraphValidationError &&
          new RegExp(`^${name} \\(stream \\d+\\) at .* needs checkpointing \\(interval 10000 ms\\)`).test(e.message),
        name,
      );
    }
  });

  it('windows and slides of countByWindow and countByValueAndWindow are checked where they are written', async () => {
    const input = [[[1]]];
    await Promise.all([
      assert.rejects(
        runStreams(input, (s: DStream<number>) => s.countByWindow(1500, 1000), 1, checkpointed()),
        /The window duration of countByWindow\(1500, 1000\) \(1500 ms\) must be a multiple/,
      ),
      assert.rejects(
        runStreams(input, (s: DStream<number>) => s.countByValueAndWindow(2000, 500), 1, checkpointed()),
        /The slide duration of countByValueAndWindow\(2000, 500\) \(500 ms\) must be a multiple/,
      ),
    ]);
  });

  it('a filter that drops a key still holding values in the window fails the batch, as in Spark', async () => {
    await assertBatchFails(
      runStreams(
        [[[['a', 1]], [], []]],
        (s: Pairs) => s.reduceByKeyAndWindow(add, sub, 2000, 1000, undefined, ([, v]) => v > 1),
        3,
        checkpointed(),
      ),
      3000,
      /key a leaves the window but has neither a value in the previous window nor new values/,
      IllegalStateError,
    );
  });

  it('a throwing inverse function fails the batch with its own error', async () => {
    const boom = () => {
      throw new Error('inverse failed');
    };
    await assertBatchFails(
      runStreams([[[['a', 1]], [], []]], (s: Pairs) => s.reduceByKeyAndWindow(add, boom, 2000), 3, checkpointed()),
      3000,
      /reduceByKeyAndWindow .* threw in partition 1: inverse failed/,
    );
  });

  it('each slide reduces and inverts only the keys of the batches entering and leaving', async () => {
    // Batch i holds keys i and i + 1000; a 5-batch window then holds 10 keys.
    const input = range(12).map((i): [number, number][] => [
      [i, 1],
      [i + 1000, 1],
    ]);
    let inverses = 0;
    const counting = (a: number, b: number) => {
      inverses++;
      return a - b;
    };
    const out = await runStreams(
      [input],
      (s: DStream<[number, number]>) => s.reduceByKeyAndWindow(add, counting, 5000, 1000, 1, ([, v]) => v !== 0),
      12,
      checkpointed(),
    );
    // From the 6th window on, one batch of 2 keys leaves per slide: 7 slides × 2 keys.
    assert.equal(inverses, 14);
    assert.deepStrictEqual(
      out.map((batch) => batch.length),
      [2, 4, 6, 8, 10, 10, 10, 10, 10, 10, 10, 10],
    );
  });

  it("after a restart, the window goes on from where it stopped: Spark's output, keys at 0 included", async () => {
    const operation = (s: Pairs) => s.reduceByKeyAndWindow(add, sub, 3000, 1000, 1);
    const uninterrupted = await runStreams([bigInput], operation, bigInput.length, checkpointed());
    // After 6 batches no state was checkpointed yet (every 10 s by default): the windows are computed
    // again from the first batch. After 11, the state checkpointed at 10 s is restored.
    for (const [k, rescheduled] of [
      [6, 6000],
      [11, 11_000],
    ]) {
      const run = await runStreamsWithRestart([bigInput], operation, bigInput.length, { batchesBeforeRestart: k });
      assert.deepStrictEqual(run.beforeRestart, uninterrupted.slice(0, k));
      assert.deepStrictEqual(run.rescheduledTimes, [rescheduled]);
      assert.deepStrictEqual(run.afterRestart, uninterrupted.slice(k - 1));
    }
    assert.deepStrictEqual(uninterrupted[5], [
      ['a', 2],
      ['b', 1],
      ['c', 0],
    ]);
  });

  describe('restarts at every point give the output of an uninterrupted run', () => {
    // Keys come and go (k0 … k8, some batches empty), so keys reach 0, and with the filter leave the window.
    const input = range(20).map((i): [string, number][] =>
      i % 7 === 6
        ? []
        : range(1 + (i % 4)).map((j): [string, number] => [`k${(i * 3 + j * 5) % 9}`, 1 + ((i + j) % 3)]),
    );
    const sortedBatches = (batches: [string, number][][]) =>
      batches.map((b) => [...b].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
    const cases: [string, (s: Pairs) => DStream<[string, number]>][] = [
      ['without a filter, checkpoint every 2 s', (s) => s.reduceByKeyAndWindow(add, sub, 4000, 1000).checkpoint(2000)],
      [
        'with a filter, checkpoint every 3 s',
        (s) => s.reduceByKeyAndWindow(add, sub, 4000, 1000, undefined, ([, v]) => v !== 0).checkpoint(3000),
      ],
      [
        'with a filter, sliding every 2 batches, default checkpoint interval',
        (s) => s.reduceByKeyAndWindow(add, sub, 6000, 2000, 3, ([, v]) => v !== 0),
      ],
    ];
    for (const [name, operation] of cases) {
      it(name, async () => {
        const uninterrupted = sortedBatches(await runStreams([input], operation, input.length, checkpointed()));
        for (const k of [1, 2, 5, 9, 12, 13, 17]) {
          const run = await runStreamsWithRestart([input], operation, input.length, { batchesBeforeRestart: k });
          const before = sortedBatches(run.beforeRestart);
          const after = sortedBatches(run.afterRestart);
          assert.deepStrictEqual(before, uninterrupted.slice(0, before.length), `before a restart after ${k} batches`);
          assert.deepStrictEqual(
            after,
            uninterrupted.slice(uninterrupted.length - after.length),
            `after a restart after ${k} batches`,
          );
          assert.ok(before.length + after.length >= uninterrupted.length, `restart after ${k}: every window is output`);
        }
      });
    }
  });

  it('a restart restores the window from its state checkpoint instead of recomputing it from the first batch', async () => {
    const input = range(30).map((i): [string, number][] => [[`k${i % 5}`, 1]]);
    let inverses = 0;
    const counting = (a: number, b: number) => {
      inverses++;
      return a - b;
    };
    const operation = (s: Pairs) => s.reduceByKeyAndWindow(add, counting, 3000, 1000).checkpoint(5000);
    const uninterrupted = await runStreams([input], operation, 30, checkpointed());
    inverses = 0;
    const run = await runStreamsWithRestart([input], operation, 30, { batchesBeforeRestart: 27 });
    assert.deepStrictEqual(run.afterRestart, uninterrupted.slice(26));
    // One key leaves per slide from the 4th on: 24 before the restart, then 26 to 30 again from the
    // state of 25 s (recomputed from the first batch it would be 27 more).
    assert.equal(inverses, 24 + 5);
  });

  it('count() of a window is its number of keys, read from the store, for the latest and the previous window', async () => {
    const counts: [number, number][] = [];
    let previous: { rdd: Rdd<[string, number]>; size: number } | undefined;
    await runStreams(
      [bigInput],
      (s: Pairs) =>
        s
          .reduceByKeyAndWindow(add, sub, 3000, 1000, 1, ([, v]) => v !== 0)
          .transform((rdd) => {
            const size = rdd.collect().length;
            // The previous window, read after this one was written, still counts its own keys.
            if (previous !== undefined) assert.equal(previous.rdd.count(), previous.size);
            counts.push([rdd.count(), size]);
            previous = { rdd, size };
            return rdd;
          }),
      bigInput.length,
      checkpointed(),
    );
    assert.deepStrictEqual(
      counts.map(([n]) => n),
      [1, 2, 3, 3, 3, 2, 1, 2, 3, 3, 3, 2],
    );
    for (const [n, size] of counts) assert.equal(n, size);
  });

  it('computes each batch once: a batch leaving the window is read from the copy kept when it entered', async () => {
    const input = range(14).map((i): [string, number][] => [
      [`k${i % 3}`, 1],
      [`k${i % 5}`, 2],
    ]);
    for (const [windowMs, slideMs] of [
      [3000, 1000],
      [4000, 2000],
      [2000, 3000],
    ]) {
      let mapped = 0;
      await runStreams(
        [input],
        (s: Pairs) =>
          s
            .map((p) => {
              mapped++;
              return p;
            })
            .reduceByKeyAndWindow(add, sub, windowMs, slideMs),
        input.length,
        checkpointed(),
      );
      // Each batch some window covers is mapped once; batches between two non-overlapping windows, never.
      const windowEnds = range(Math.floor(input.length / (slideMs / 1000))).map((i) => (i + 1) * slideMs);
      const covered = (t: number) => windowEnds.some((end) => t > end - windowMs && t <= end);
      const read = input.flatMap((batch, i) => (covered((i + 1) * 1000) ? batch : []));
      assert.equal(mapped, read.length, `window ${windowMs}, slide ${slideMs}`);
    }
  });

  it('a window lets go of the batches it was made from once computed: no chain to earlier windows', async () => {
    const windows: Rdd<[string, number]>[] = [];
    await runStreams(
      [bigInput],
      (s: Pairs) =>
        s.reduceByKeyAndWindow(add, sub, 3000).transform((rdd) => {
          windows.push(rdd);
          return rdd;
        }),
      bigInput.length,
      checkpointed(),
    );
    assert.equal(windows.length, bigInput.length);
    for (const w of windows) assert.deepStrictEqual(w.node.parents, []);
  });
});

describe('windowed aggregations with an inverse function equal the plain window', () => {
  function seededInput(seed: number, batches: number): [string, number][][] {
    let state = seed;
    const nextInt = (bound: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % bound;
    };
    return range(batches).map(() => range(nextInt(6)).map((): [string, number] => [`k${nextInt(7)}`, 1 + nextInt(3)]));
  }
  const shapes: [string, number, number][] = [
    ['small window (window = slide)', 1000, 1000],
    ['sliding window', 3000, 1000],
    ['big window', 6000, 1000],
    ['larger window, slide of 2 batches', 4000, 2000],
    ['tumbling window of 2 batches', 2000, 2000],
    ['non-overlapping window (window < slide)', 2000, 3000],
  ];
  for (const [name, windowMs, slideMs] of shapes) {
    it(name, async () => {
      for (const seed of [1, 2, 3]) {
        const input = seededInput(seed, 18);
        const plain = await runStreams([input], (s: Pairs) => s.reduceByKeyAndWindow(add, windowMs, slideMs), 18);
        const filtered = await runStreams(
          [input],
          (s: Pairs) => s.reduceByKeyAndWindow(add, sub, windowMs, slideMs, undefined, ([, v]) => v !== 0),
          18,
          checkpointed(),
        );
        const unfiltered = await runStreams(
          [input],
          (s: Pairs) => s.reduceByKeyAndWindow(add, sub, windowMs, slideMs).filter(([, v]) => v !== 0),
          18,
          checkpointed(),
        );
        assertBatchesUnordered(filtered, plain);
        assertBatchesUnordered(unfiltered, plain);
      }
    });
  }

  it('array keys (compared by value, some with equal hash codes) entering, staying and leaving', async () => {
    type TuplePairs = DStream<[[string, number], number]>;
    // ['Aa', n], ['BB', n] and ['C#', n] hash alike, as their strings do.
    const names = ['Aa', 'BB', 'C#', 'x'];
    const input = seededInput(5, 18).map((batch, b) =>
      batch.map(([k, v], i): [[string, number], number] => {
        const n = Number(k.slice(1));
        return [[names[(n + b + i) % names.length], n % 2], v];
      }),
    );
    const plain = await runStreams([input], (s: TuplePairs) => s.reduceByKeyAndWindow(add, 4000, 1000), 18);
    const inverse = await runStreams(
      [input],
      (s: TuplePairs) => s.reduceByKeyAndWindow(add, sub, 4000, 1000).filter(([, v]) => v !== 0),
      18,
      checkpointed(),
    );
    assertBatchesUnordered(inverse, plain);
  });

  it('keys with equal hash codes entering and leaving in the same slides', async () => {
    // 'Aa', 'BB' and 'C#' share Java's hash code 2112, so they sit side by side in hash order.
    const keys = ['Aa', 'BB', 'C#', 'x'];
    const input = seededInput(4, 18).map((batch, b) =>
      batch.map(([k, v], i): [string, number] => [keys[(Number(k.slice(1)) + b + i) % keys.length], v]),
    );
    const plain = await runStreams([input], (s: Pairs) => s.reduceByKeyAndWindow(add, 3000, 1000), 18);
    const inverse = await runStreams(
      [input],
      (s: Pairs) => s.reduceByKeyAndWindow(add, sub, 3000, 1000).filter(([, v]) => v !== 0),
      18,
      checkpointed(),
    );
    assertBatchesUnordered(inverse, plain);
  });
});
