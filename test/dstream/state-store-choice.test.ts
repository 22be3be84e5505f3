// Keyed state on the store on disk, chosen per operation or for the whole context: same results as in
// memory, files under the checkpoint directory while running, none after stop.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  type DStream,
  InvalidArgumentError,
  ManualClock,
  type State,
  StateSpec,
  StreamingContext,
} from '../../src/index.ts';
import { runStreams, TestInputDStream } from '../../src/testing/index.ts';
import { checkpointed, newCheckpointDir, runBatches } from '../support/drive.ts';
import { assertBatchesUnordered } from './expect.ts';
import { letters, sumUpdate } from './fixtures.ts';

const count = (key: string, value: number | undefined, state: State<number>) => {
  if (!state.isTimingOut()) state.update((state.getOption() ?? 0) + (value ?? 0));
  return [key, state.get()] as [string, number];
};

describe('state stores chosen by the program', () => {
  it('updateStateByKey and mapWithState on lmdb give the results they give in memory', async () => {
    const run = (store: 'memory' | 'lmdb') =>
      runStreams(
        [letters],
        (s: DStream<string>) => {
          const pairs = s.map((x): [string, number] => [x, 1]);
          const updated = pairs.updateStateByKey(sumUpdate, { stateStore: store });
          const mapped = pairs.mapWithState(StateSpec.function(count).stateStore(store).timeout(2000));
          return updated.union(mapped.stateSnapshots()).map(([k, v]): [string, number] => [k, v]);
        },
        6,
        checkpointed(),
      );
    const onDisk = await run('lmdb');
    assertBatchesUnordered(onDisk, await run('memory'));
    // c, last updated at 3000, timed out of mapWithState's state at 6000 (timeout 2000); not of updateStateByKey's.
    assert.deepEqual(
      onDisk[5].filter(([k]) => k === 'c'),
      [['c', 1]],
    );
  });

  it("the context's stateStore option puts state on disk under the checkpoint directory until stop", async () => {
    const clock = new ManualClock(0);
    const dir = newCheckpointDir();
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock, stateStore: 'lmdb' });
    ssc.checkpoint(dir);
    const input = ssc.inputStream(new TestInputDStream<string>(ssc, letters, 2));
    const seen: [string, number][][] = [];
    let foldersWhileRunning: string[] = [];
    input
      .map((x): [string, number] => [x, 1])
      .updateStateByKey(sumUpdate)
      .foreachRDD((rdd) => {
        seen.push(rdd.collect());
        foldersWhileRunning = readdirSync(join(dir, 'state-stores'));
      });
    await runBatches(ssc, clock, 3);
    await ssc.stop();
    assertBatchesUnordered(seen, [
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
    ]);
    assert.equal(foldersWhileRunning.length, 1);
    assert.match(foldersWhileRunning[0], /^updateStateByKey-\d+$/);
    assert.deepEqual(readdirSync(join(dir, 'state-stores', foldersWhileRunning[0])), []);
    assert.ok(existsSync(dir));
  });

  it('refuses an unknown store', async () => {
    const run = runStreams(
      [letters],
      (s: DStream<string>) =>
        s.map((x): [string, number] => [x, 1]).updateStateByKey(sumUpdate, { stateStore: 'redis' as never }),
      1,
      checkpointed(),
    );
    await assert.rejects(
      run,
      (e: Error) => e.cause instanceof InvalidArgumentError && /stateStore must be/.test(e.message),
    );
  });
});
