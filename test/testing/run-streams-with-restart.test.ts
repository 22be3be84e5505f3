import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, StreamingContext } from '../../src/index.ts';
import { runStreams, runStreamsWithRestart } from '../../src/testing/index.ts';

const input = [[['a', 'b'], ['a'], ['b', 'b'], ['c'], ['a', 'c'], ['b'], ['a'], ['c', 'c']]];
const wordCounts = (s: DStream<string>) => s.map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b);
const sorted = (batches: [string, number][][]) =>
  batches.map((b) => [...b].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));

describe('runStreamsWithRestart', () => {
  it('recovers map and reduceByKey: the same output as an uninterrupted run, with the last batch run again', async () => {
    const uninterrupted = sorted(await runStreams(input, wordCounts, 8));
    const run = await runStreamsWithRestart(input, wordCounts, 8, { batchesBeforeRestart: 5 });
    assert.deepEqual(sorted(run.beforeRestart as [string, number][][]), uninterrupted.slice(0, 5));
    assert.deepEqual(run.rescheduledTimes, [5000]);
    assert.deepEqual(sorted(run.afterRestart as [string, number][][]), uninterrupted.slice(4));
  });

  it('resumes a window from its parent slices', async () => {
    const windowed = (s: DStream<string>) => s.window(3000, 1000).map((w) => w.toUpperCase());
    const uninterrupted = (await runStreams(input, windowed, 8)).map((b) => [...b].sort());
    const run = await runStreamsWithRestart(input, windowed, 8, { batchesBeforeRestart: 3 });
    assert.deepEqual(
      run.afterRestart.map((b) => [...b].sort()),
      uninterrupted.slice(2),
    );
  });
});

describe('StreamingContext.getOrCreate', () => {
  function program(dir: string, build: (ssc: StreamingContext) => void): () => StreamingContext {
    return () => {
      const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
      ssc.checkpoint(dir);
      build(ssc);
      return ssc;
    };
  }
  const source = (ssc: StreamingContext) => ssc.constantInputStream(ssc.sparkContext.parallelize(['x', 'y']));

  it('creates the program anew when the directory holds no checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-goc-'));
    const ssc = StreamingContext.getOrCreate(
      dir,
      program(dir, (c) => source(c).print()),
    );
    assert.equal(ssc.recoveredCheckpointTime, undefined);
  });

  it('rejects a program whose graph differs, naming the first difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-goc-'));
    const first = program(dir, (c) => source(c).window(2000, 1000).print())();
    const clock = first.clock as ManualClock;
    first.start();
    clock.advance(2000);
    await new Promise((r) => setImmediate(r));
    await first.stop();
    assert.throws(
      () =>
        StreamingContext.getOrCreate(
          dir,
          program(dir, (c) => source(c).window(3000, 1000).print()),
        ),
      (e: Error & { code?: string }) =>
        e.code === 'CHECKPOINT_GRAPH_MISMATCH' &&
        /stream 1 was `1 window slide=1000 parents=0 window=2000`/.test(e.message),
    );
  });
});
