import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, StreamingContext } from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';
import { tempDir, writeFileAt } from './fixtures.ts';

const batchMs = 2000;

/** A context on a manual clock at `startMs` with 2 s batches, and each batch's records by time. */
function program<T>(
  startMs: number,
  stream: (ssc: StreamingContext) => DStream<T>,
): { ssc: StreamingContext; clock: ManualClock; out: Map<number, T[]>; log: EventLog } {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  const out = new Map<number, T[]>();
  stream(ssc).foreachRDD((rdd, time) => {
    out.set(time, rdd.collect());
  });
  const log = new EventLog(ssc);
  return { ssc, clock, out, log };
}

/** Advances the clock by `ms` and waits for every batch due to complete (or the context to stop). */
async function advance(p: { ssc: StreamingContext; clock: ManualClock; log: EventLog }, ms: number): Promise<void> {
  const before = p.clock.getTimeMillis();
  p.clock.advance(ms);
  for (let t = Math.floor(before / batchMs + 1) * batchMs; t <= p.clock.getTimeMillis(); t += batchMs) {
    await Promise.race([p.log.batchCompleted(t), p.log.waitFor('streamingStopped')]);
  }
}

describe('textFileStream / fileStream: new files of a directory', () => {
  // Spark's InputStreamsSuite "file input stream - newFilesOnly = true / false": a file modified at
  // 10 000 exists before the program; the clock starts a batch later; files 1…5 appear half a batch
  // into each batch.
  for (const newFilesOnly of [true, false]) {
    it(`reads each new file once, in the batch after it appeared (newFilesOnly = ${newFilesOnly})`, async () => {
      const dir = tempDir();
      writeFileAt(dir, '0', '0\n', 10_000);
      const p = program(10_000 + batchMs, (ssc) => ssc.fileStream(dir, { newFilesOnly }));
      p.ssc.start();
      await advance(p, batchMs / 2);
      for (let i = 1; i <= 5; i++) {
        writeFileAt(dir, String(i), `${i}\n`, p.clock.getTimeMillis());
        await advance(p, batchMs);
      }
      await p.ssc.stop();
      const batches = [...p.out.values()];
      assert.equal(batches.length, 5);
      const expectedFirst = newFilesOnly ? ['1'] : ['0', '1'];
      assert.deepEqual(batches, [expectedFirst, ['2'], ['3'], ['4'], ['5']]);
    });
  }

  it('fixes the file list when a batch is generated, leaves a file newer than the batch time to a later batch', async () => {
    const dir = tempDir();
    const p = program(0, (ssc) => ssc.textFileStream(dir));
    const stream = p.ssc.textFileStream(dir);
    stream.foreachRDD(() => {});
    p.ssc.start();
    writeFileAt(dir, 'a', 'a\n', 1000);
    // Modified after the batch at 2000, though it is there when that batch is generated.
    writeFileAt(dir, 'b', 'b\n', 2500);
    await advance(p, 2000);
    await advance(p, 2000);
    await p.ssc.stop();
    assert.deepEqual(
      [...p.out],
      [
        [2000, ['a']],
        [4000, ['b']],
      ],
    );
    assert.deepEqual(stream.filesOf(2000), [join(dir, 'a')]);
    assert.deepEqual(stream.filesOf(4000), [join(dir, 'b')]);
  });

  it('skips hidden files, subdirectories and files the filter refuses; reads one partition per file, in name order', async () => {
    const dir = tempDir();
    const p = program(0, (ssc) => ssc.fileStream(dir, { filter: (path) => !path.endsWith('.tmp') }));
    let partitions: string[][] = [];
    p.ssc.textFileStream(dir).foreachRDD((rdd) => {
      partitions = rdd.collectPartitions();
    });
    p.ssc.start();
    writeFileAt(dir, 'b.txt', 'b1\nb2', 1000);
    writeFileAt(dir, 'a.txt', 'a1\r\na2\n\na4\n', 1000);
    writeFileAt(dir, 'c.tmp', 'c\n', 1000);
    writeFileAt(dir, '.hidden', 'h\n', 1000);
    writeFileAt(join(dir, 'sub'), 'x', 'x\n', 1000);
    await advance(p, 2000);
    await p.ssc.stop();
    // A user filter replaces the default one, as in Spark: the hidden file passes it.
    assert.deepEqual(p.out.get(2000), ['h', 'a1', 'a2', '', 'a4', 'b1', 'b2']);
    // textFileStream keeps the default filter.
    assert.deepEqual(partitions, [['a1', 'a2', '', 'a4'], ['b1', 'b2'], ['c']]);
  });

  it('ignores files older than the remember window when they appear', async () => {
    const dir = tempDir();
    const p = program(100_000, (ssc) => ssc.fileStream(dir, { newFilesOnly: false, minRememberDurationMs: 10_000 }));
    p.ssc.start();
    writeFileAt(dir, 'old', 'old\n', 100_000 - 20_000);
    writeFileAt(dir, 'recent', 'recent\n', 100_000 - 5_000);
    await advance(p, batchMs);
    await p.ssc.stop();
    assert.deepEqual([...p.out.values()], [['recent']]);
  });

  it('decodes JSON Lines (blank lines skipped) and lines through a function', async () => {
    const dir = tempDir();
    const hexDir = tempDir();
    const p = program(0, (ssc) => ssc.fileStream<{ n: number }>(dir, { decode: 'json' }));
    const parsed: number[][] = [];
    p.ssc.fileStream(hexDir, { decode: (line) => Number.parseInt(line, 16) }).foreachRDD((rdd) => {
      parsed.push(rdd.collect());
    });
    p.ssc.start();
    writeFileAt(dir, 'x', '{"n":1}\n\n  \n{"n":2}\n', 1000);
    writeFileAt(hexDir, 'y', 'ff\n10\n', 1000);
    await advance(p, 2000);
    await p.ssc.stop();
    assert.deepEqual(p.out.get(2000), [{ n: 1 }, { n: 2 }]);
    assert.deepEqual(parsed, [[255, 16]]);
  });
});
