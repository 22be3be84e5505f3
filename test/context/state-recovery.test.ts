import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, type State, StateSpec, StreamingContext } from '../../src/index.ts';
import { runStreams, runStreamsWithRestart, TestInputDStream } from '../../src/testing/index.ts';

const sortedBatches = <T>(batches: T[][]) =>
  batches.map((b) => [...b].sort((x, y) => (String(x) < String(y) ? -1 : 1)));

describe('recovery of keyed state from incremental checkpoints', () => {
  it("updateStateByKey resumes its running count (Spark's CheckpointSuite case)", async () => {
    const input = Array.from({ length: 10 }, () => ['a']);
    const counting = (s: DStream<string>) =>
      s
        .map((x): [string, number] => [x, 1])
        .updateStateByKey((values: number[], state: number | undefined) => (state ?? 0) + values.length)
        .checkpoint(2000);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-state-recovery-'));
    const run = await runStreamsWithRestart([input], counting, 10, { batchesBeforeRestart: 7, checkpointDir: dir });
    const expected = Array.from({ length: 10 }, (_, i) => [['a', i + 1]]);
    assert.deepEqual(run.beforeRestart, expected.slice(0, 7));
    // Batch 7 runs again from the state checkpointed at 6 s, then 8 to 10.
    assert.deepEqual(run.rescheduledTimes, [7000]);
    assert.deepEqual(run.afterRestart, expected.slice(6));
    assert.ok(readdirSync(join(dir, 'state')).length > 0, 'state logs were written');
  });

  it('restores state from a full snapshot and later deltas, many keys, every interval', async () => {
    const batches = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 20 }, (_, j) => `k${(i * 7 + j * 13) % 50}`),
    );
    const counting = (s: DStream<string>) =>
      s
        .map((x): [string, number] => [x, 1])
        .updateStateByKey((values: number[], state: number | undefined) =>
          values.length === 0 && (state ?? 0) > 5 ? undefined : (state ?? 0) + values.length,
        )
        .checkpoint(1000);
    const uninterrupted = sortedBatches(
      await runStreams([batches], counting, 30, { checkpointDir: mkdtempSync(join(tmpdir(), 'sluice-')) }),
    );
    const run = await runStreamsWithRestart([batches], counting, 30, { batchesBeforeRestart: 23 });
    assert.deepEqual(sortedBatches(run.afterRestart), uninterrupted.slice(22));
  });

  it('restores from the logs instead of recomputing from the first batch', async () => {
    const batches = Array.from({ length: 12 }, (_, i) => [`k${i % 3}`, `k${i % 4}`]);
    let calls = 0;
    const counting = (s: DStream<string>) =>
      s
        .map((x): [string, number] => [x, 1])
        .updateStateByKey((values: number[], state: number | undefined) => {
          calls++;
          return (state ?? 0) + values.length;
        })
        .checkpoint(2000);
    const uninterrupted = sortedBatches(
      await runStreams([batches], counting, 12, { checkpointDir: mkdtempSync(join(tmpdir(), 'sluice-')) }),
    );
    const callsPerBatch = calls / 12;
    calls = 0;
    const run = await runStreamsWithRestart([batches], counting, 12, { batchesBeforeRestart: 9 });
    assert.deepEqual(sortedBatches(run.afterRestart), uninterrupted.slice(8));
    // 9 batches, then 9 (from the state checkpointed at 8 s) to 12 again: 13 batches of updates, not 9 + 12.
    assert.ok(calls <= 13 * 4 && calls > 9 * callsPerBatch - 1, `${calls} update calls, ${callsPerBatch} per batch`);
  });

  it('mapWithState resumes state and timeouts', async () => {
    const input = [['a', 'b'], ['a'], [], ['a'], [], [], ['b'], ['a'], [], []];
    const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
      if (state.isTimingOut()) return `${key} timed out at ${state.get()}`;
      const n = (state.getOption() ?? 0) + (value ?? 0);
      state.update(n);
      return `${key}=${n}`;
    }).timeout(2000);
    const op = (s: DStream<string>) =>
      s
        .map((x): [string, number] => [x, 1])
        .mapWithState(spec)
        .checkpoint(1000);
    const uninterrupted = sortedBatches(
      await runStreams([input], op, 10, { checkpointDir: mkdtempSync(join(tmpdir(), 'sluice-')) }),
    );
    for (const k of [3, 5, 6]) {
      const run = await runStreamsWithRestart([input], op, 10, { batchesBeforeRestart: k });
      assert.deepEqual(sortedBatches(run.afterRestart), uninterrupted.slice(k - 1), `restart after ${k} batches`);
    }
  });
});

describe('state checkpoint events', () => {
  it('report each checkpoint: the first full, then deltas of the keys changed since', async () => {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock, defaultParallelism: 2 });
    ssc.checkpoint(mkdtempSync(join(tmpdir(), 'sluice-state-events-')));
    // Batches 1–2 touch 10 keys, 3–4 touch 2 of them, 5–6 remove one: checkpoints every 2 batches.
    const batches = [Array.from({ length: 10 }, (_, i) => `k${i}`), ['k0'], ['k1', 'k2'], ['k1'], ['k3'], []];
    const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
      if (key === 'k3' && state.exists() && state.get() > 0) state.remove();
      else state.update((state.getOption() ?? 0) + (value ?? 0));
    });
    ssc
      .inputStream(new TestInputDStream<string>(ssc, batches, 2))
      .map((x): [string, number] => [x, 1])
      .mapWithState(spec)
      .checkpoint(2000)
      .foreachRDD((rdd) => {
        rdd.count();
      });
    const written: { version: number; kind: string; entries: number; removed: number }[] = [];
    let completed = 0;
    let wake: (() => void) | undefined;
    ssc.addStreamingListener((event) => {
      if (event.type === 'stateCheckpointWritten') {
        const { version, kind, entries, removed, durationMs } = event.checkpoint;
        assert.ok(durationMs >= 0);
        assert.match(event.checkpoint.operator, /^mapWithState-\d+$/);
        written.push({ version, kind, entries, removed });
      }
      if (event.type === 'batchCompleted') {
        completed++;
        wake?.();
      }
    });
    ssc.start();
    for (let i = 1; i <= batches.length; i++) {
      const done = new Promise<void>((resolve) => {
        wake = resolve;
      });
      clock.advance(1000);
      await done;
      assert.equal(completed, i);
    }
    await ssc.stop();
    assert.deepEqual(written, [
      { version: 2000, kind: 'full', entries: 10, removed: 0 },
      { version: 4000, kind: 'delta', entries: 2, removed: 0 },
      { version: 6000, kind: 'delta', entries: 0, removed: 1 },
    ]);
  });
});

describe('recovery of keyed state into a partitioner that places keys differently', () => {
  it('merges the logs by key and moves each entry to the partition its key has now, removals included', async () => {
    // Same partition count (same fingerprint), but the restarted program places keys the other way round.
    const placing = (flip: boolean) => ({
      numPartitions: 2,
      getPartition: (key: unknown) => (Number(String(key).slice(1)) + (flip ? 1 : 0)) % 2,
      equals: () => false,
    });
    const batches = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => `k${(i * 5 + j * 3) % 10}`),
    );
    let built = 0;
    const counting = (flip: boolean) => (s: DStream<string>) => {
      const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
        const n = (state.getOption() ?? 0) + (value ?? 0);
        // A key removed once its count passes 4 starts again from nothing: deltas carry removals.
        if (n > 4) state.remove();
        else state.update(n);
        return [key, n] as const;
      }).partitioner(placing(flip));
      return s
        .map((x): [string, number] => [x, 1])
        .mapWithState(spec)
        .checkpoint(2000)
        .stateSnapshots();
    };
    const uninterrupted = sortedBatches(
      await runStreams([batches], counting(false), 12, { checkpointDir: mkdtempSync(join(tmpdir(), 'sluice-')) }),
    );
    const run = await runStreamsWithRestart([batches], (s) => counting(built++ > 0)(s), 12, {
      batchesBeforeRestart: 9,
    });
    assert.equal(built, 2, 'the program was built again at the restart');
    assert.deepEqual(sortedBatches(run.afterRestart), uninterrupted.slice(8));
  });
});
