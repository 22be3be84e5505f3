import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, StreamingContext } from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';
import { tempDir, writeFileAt } from './fixtures.ts';

const batchMs = 2000;

interface Run {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  readonly log: EventLog;
  /** Output records by batch time. */
  readonly out: Map<number, number[]>;
}

/**
 * Spark's CheckpointSuite "recovery with file input stream": numbers from new files, summed over a 30-batch
 * window, so a recovered program must read again every file of the window before the failure.
 */
function windowProgram(dir: string, checkpointDir: string, startMs: number, failAt?: number): () => StreamingContext {
  return () => {
    const run = buildWindowRun(dir, checkpointDir, startMs, failAt);
    runs.set(run.ssc, run);
    return run.ssc;
  };
}
const runs = new Map<StreamingContext, Run>();

function buildWindowRun(dir: string, checkpointDir: string, startMs: number, failAt?: number): Run {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  ssc.checkpoint(checkpointDir);
  const out = new Map<number, number[]>();
  ssc
    .textFileStream(dir)
    .map((s) => Number(s))
    .reduceByWindow((a, b) => a + b, batchMs * 30, batchMs)
    .foreachRDD((rdd, time) => {
      if (time === failAt) throw new Error(`killed at ${time}`);
      out.set(time, rdd.collect());
    });
  return { ssc, clock, log: new EventLog(ssc), out };
}

async function advanceOneBatch(run: Run): Promise<void> {
  run.clock.advance(batchMs);
  const t = Math.floor(run.clock.getTimeMillis() / batchMs) * batchMs;
  await Promise.race([run.log.batchCompleted(t), run.log.waitFor('streamingStopped')]);
}

describe('a directory source recovering from a checkpoint', () => {
  it("re-reads the window's files after a failure, reads files written while down once, then goes on (Spark's recovery with file input stream)", async () => {
    const dir = tempDir();
    const checkpointDir = tempDir('sluice-files-ckpt-');
    const first = buildWindowRun(dir, checkpointDir, 0, 6000);
    const failed = first.ssc.awaitTermination();
    first.ssc.start();
    first.clock.advance(batchMs / 2);
    for (const i of [1, 2, 3]) {
      writeFileAt(dir, String(i), `${i}\n`, first.clock.getTimeMillis());
      await advanceOneBatch(first);
    }
    await assert.rejects(failed, /Batch 6000 ms failed.*killed at 6000/);
    assert.deepEqual(
      [...first.out],
      [
        [2000, [1]],
        [4000, [3]],
      ],
    );

    // Files written while the program is down, one per batch interval.
    let now = first.clock.getTimeMillis() + batchMs;
    for (const i of [4, 5, 6]) {
      writeFileAt(dir, String(i), `${i}\n`, now);
      now += batchMs;
    }

    const ssc = StreamingContext.getOrCreate(checkpointDir, windowProgram(dir, checkpointDir, now));
    const second = runs.get(ssc);
    assert.ok(second !== undefined);
    second.ssc.start();
    assert.deepEqual(ssc.rescheduledTimes, [6000, 8000, 10000, 12000, 14000]);
    await second.log.batchCompleted(14000);
    for (const i of [7, 8, 9]) {
      writeFileAt(dir, String(i), `${i}\n`, second.clock.getTimeMillis());
      await advanceOneBatch(second);
    }
    await second.ssc.stop();
    assert.deepEqual(
      [...second.out],
      [
        [6000, [6]],
        [8000, [6]],
        [10000, [10]],
        [12000, [15]],
        [14000, [21]],
        [16000, [28]],
        [18000, [36]],
        [20000, [45]],
      ],
    );
  });

  it('runs a re-run batch on exactly its checkpointed files, though a file old enough to join it appeared since', async () => {
    const dir = tempDir();
    const checkpointDir = tempDir('sluice-files-ckpt-');
    const build = (startMs: number, failAt?: number) => {
      const clock = new ManualClock(startMs);
      const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
      ssc.checkpoint(checkpointDir);
      const out = new Map<number, string[]>();
      const stream = ssc.textFileStream(dir);
      stream.foreachRDD((rdd, time) => {
        if (time === failAt) throw new Error('killed');
        out.set(time, rdd.collect());
      });
      return { ssc, clock, out, log: new EventLog(ssc), stream };
    };
    const first = build(0, 4000);
    const failed = first.ssc.awaitTermination();
    first.ssc.start();
    writeFileAt(dir, 'a', 'a\n', 1000);
    first.clock.advance(2000);
    await first.log.batchCompleted(2000);
    writeFileAt(dir, 'b', 'b\n', 3000);
    first.clock.advance(2000);
    await assert.rejects(failed, /Batch 4000 ms failed/);

    // Written after the failure, but modified before the failed batch's time.
    writeFileAt(dir, 'late', 'late\n', 3500);
    let second: ReturnType<typeof build> | undefined;
    const ssc = StreamingContext.getOrCreate(checkpointDir, () => {
      second = build(4000);
      return second.ssc;
    });
    assert.ok(second !== undefined);
    ssc.start();
    await second.log.batchCompleted(4000);
    second.clock.advance(2000);
    await second.log.batchCompleted(6000);
    await ssc.stop();
    assert.deepEqual(
      [...second.out],
      [
        [4000, ['b']],
        [6000, ['late']],
      ],
    );
    assert.deepEqual(
      second.stream.filesOf(2000)?.map((f) => f.slice(dir.length + 1)),
      ['a'],
    );
  });

  it('reads the files of the whole down time in one catch-up batch with coalesceDownTime', async () => {
    for (const coalesceDownTime of [false, true]) {
      const dir = tempDir();
      const checkpointDir = tempDir('sluice-files-ckpt-');
      const build = (startMs: number) => {
        const clock = new ManualClock(startMs);
        const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
        ssc.checkpoint(checkpointDir);
        const out = new Map<number, string[]>();
        ssc.fileStream(dir, { minRememberDurationMs: 10_000 }).foreachRDD((rdd, time) => {
          out.set(time, rdd.collect());
        });
        return { ssc, clock, out, log: new EventLog(ssc) };
      };
      const first = build(0);
      first.ssc.start();
      first.clock.advance(2000);
      await first.log.batchCompleted(2000);
      await first.ssc.stop();
      // Down from 2000 to 41 000, far longer than the 10 s remember window.
      for (const t of [3000, 15_000, 39_000]) writeFileAt(dir, `f${t}`, `${t}\n`, t);
      let second: ReturnType<typeof build> | undefined;
      const ssc = StreamingContext.getOrCreate(
        checkpointDir,
        () => {
          second = build(41_000);
          return second.ssc;
        },
        { coalesceDownTime },
      );
      assert.ok(second !== undefined);
      ssc.start();
      await second.log.batchCompleted(40_000);
      await ssc.stop();
      const read = [...second.out].filter(([, lines]) => lines.length > 0);
      if (coalesceDownTime) {
        assert.deepEqual(ssc.rescheduledTimes, [2000, 40_000]);
        assert.deepEqual(read, [[40_000, ['15000', '3000', '39000']]]);
      } else {
        assert.deepEqual(read, [
          [4000, ['3000']],
          [16_000, ['15000']],
          [40_000, ['39000']],
        ]);
      }
    }
  });
});
