import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams, runStreamsWithPartitions } from '../../src/testing/index.ts';

describe('runStreams', () => {
  it('serves input batch i at time (i + 1) × batch and collects each output batch', async () => {
    const out = await runStreams(
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 10, 11, 12],
        ],
      ],
      (s: DStream<number>) => s.map((x) => x.toString()),
      3,
    );
    assert.deepEqual(out, [
      ['1', '2', '3', '4'],
      ['5', '6', '7', '8'],
      ['9', '10', '11', '12'],
    ]);
  });

  it('splits each input batch into two contiguous partitions by default', async () => {
    const out = await runStreamsWithPartitions(
      [
        [
          [1, 2, 3, 4],
          [5, 6, 7],
        ],
      ],
      (s: DStream<number>) => s,
      2,
    );
    assert.deepEqual(out, [
      [
        [1, 2],
        [3, 4],
      ],
      [[5], [6, 7]],
    ]);
  });

  it('reduces by key into two partitions', async () => {
    const out = await runStreams(
      [[['a', 'a', 'b'], ['', ''], []]],
      (s: DStream<string>) => s.map((x): [string, number] => [x, 1]).reduceByKey((a, b) => a + b),
      3,
    );
    assert.deepEqual(
      out.map((b) => b.sort()),
      [
        [
          ['a', 2],
          ['b', 1],
        ],
        [['', 2]],
        [],
      ],
    );
  });

  it('counts an empty batch as 0', async () => {
    const out = await runStreams([[[1, 2], [], [3]]], (s: DStream<number>) => s.count(), 3);
    assert.deepEqual(out, [[2], [0], [1]]);
  });

  it('rejects when the operation throws, naming the batch time', async () => {
    await assert.rejects(
      runStreams(
        [[[1], [2], [3]]],
        (s: DStream<number>) =>
          s.map((x) => {
            if (x === 2) throw new Error('boom');
            return x;
          }),
        3,
      ),
      (e: Error) => /2000 ms/.test(e.message) && /boom/.test(e.message) && /map/.test(e.message),
    );
  });
});

describe('runStreams output', () => {
  class Point {
    x: number;
    constructor(x: number) {
      this.x = x;
    }
    norm(): number {
      return Math.abs(this.x);
    }
  }

  it('keeps class instances as instances, so they compare equal to expected ones', async () => {
    const out = await runStreams([[[1, -2]]], (s: DStream<number>) => s.map((x) => new Point(x)), 1);
    assert.deepStrictEqual(out, [[new Point(1), new Point(-2)]]);
    assert.equal(out[0][1].norm(), 2);
  });

  it('is a copy: an object mutated by a later batch keeps the value an earlier batch returned', async () => {
    const shared = { count: 0, seen: new Set<number>() };
    const out = await runStreams(
      [[[1], [2]]],
      (s: DStream<number>) =>
        s.map((x) => {
          shared.count += x;
          shared.seen.add(x);
          return shared;
        }),
      2,
    );
    assert.deepStrictEqual(out[0], [{ count: 1, seen: new Set([1]) }]);
    assert.deepStrictEqual(out[1], [{ count: 3, seen: new Set([1, 2]) }]);
  });
});
