import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';

const failure = async (operation: (s: DStream<number>) => DStream<unknown>): Promise<string> => {
  try {
    await runStreams([[[1, 2], [3]]], operation, 2);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the run to fail');
};

describe('operations are named as the user wrote them', () => {
  it('names a failing map once, with the stream and the line that created it', async () => {
    const message = await failure((s) =>
      s.map((x) => {
        if (x === 2) throw new Error('bad record');
        return x;
      }),
    );
    assert.match(
      message,
      /^Batch 1000 ms failed in foreachRDD at .+: map \(stream 1\) at test\/dstream\/operation-names\.test\.ts:\d+ threw in partition 1: bad record$/,
    );
  });

  it("names reduce's function as reduce, not as the reduceByKey it is built on", async () => {
    const message = await failure((s) =>
      s.reduce(() => {
        throw new Error('no');
      }),
    );
    assert.match(message, /reduce \(stream \d+\) at test\/dstream\/operation-names\.test\.ts:\d+/);
  });

  it('describes a join as join in events and errors', async () => {
    const message = await failure((s) =>
      s
        .map((x): [number, number] => [x, x])
        .join(s.filter((x) => x > 1).map((x): [number, number] => [x, x]))
        .map(() => {
          throw new Error('after join');
        }),
    );
    assert.match(message, /after join/);
    const joined = await runStreams(
      [[[1, 2]]],
      (s: DStream<number>) => {
        const pairs = s.map((x): [number, number] => [x, x * 10]);
        const stream = pairs.join(pairs);
        assert.match(
          stream.toString(),
          /^DStream join \(stream \d+\) at test\/dstream\/operation-names\.test\.ts:\d+$/,
        );
        return stream;
      },
      1,
    );
    assert.deepEqual(joined[0].sort(), [
      [1, [10, 10]],
      [2, [20, 20]],
    ]);
  });
});
