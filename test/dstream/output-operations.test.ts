import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock, type Rdd, StreamingContext } from '../../src/index.ts';
import { CapturedOutput, runBatches } from '../support/drive.ts';

function context(stdout = new CapturedOutput()) {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock, stdout });
  return { ssc, clock, stdout };
}

describe('print', () => {
  it("prints Spark's header, the first num records, and ... when there are more", async () => {
    const { ssc, clock, stdout } = context();
    const sc = ssc.batchContext;
    ssc.queueStream<unknown>([sc.parallelize<unknown>([1, 2, 3, 4]), sc.parallelize<unknown>([['a', 1]])]).print(3);
    await runBatches(ssc, clock, 2);
    await ssc.stop();
    const dashes = '-------------------------------------------';
    assert.equal(
      stdout.text,
      [
        dashes,
        'Time: 1000 ms',
        dashes,
        '1',
        '2',
        '3',
        '...',
        '',
        dashes,
        'Time: 2000 ms',
        dashes,
        '(a,1)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints ten records by default and a header for an empty batch', async () => {
    const { ssc, clock, stdout } = context();
    ssc.queueStream([ssc.batchContext.range(0, 10)]).print();
    await runBatches(ssc, clock, 2);
    await ssc.stop();
    const lines = stdout.text.split('\n');
    assert.equal(lines.filter((l) => l === '...').length, 0);
    assert.deepEqual(lines.slice(3, 13), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.ok(stdout.text.includes('Time: 2000 ms\n-------------------------------------------\n\n'));
  });
});

describe('saveAsTextFiles', () => {
  it('writes each batch to prefix-<time>.suffix with part files and _SUCCESS, as Spark names them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-save-'));
    const { ssc, clock } = context();
    const sc = ssc.batchContext;
    ssc
      .queueStream<[string, number]>([
        sc.parallelize(
          [
            ['a', 1],
            ['b', 2],
            ['c', 3],
          ],
          2,
        ),
      ])
      .saveAsTextFiles(join(dir, 'out'), 'txt');
    await runBatches(ssc, clock, 2);
    await ssc.stop();
    assert.deepEqual(readdirSync(dir).sort(), ['out-1000.txt', 'out-2000.txt']);
    const first = join(dir, 'out-1000.txt');
    assert.deepEqual(readdirSync(first).sort(), ['_SUCCESS', 'part-00000', 'part-00001']);
    assert.equal(readFileSync(join(first, 'part-00000'), 'utf8'), '(a,1)\n');
    assert.equal(readFileSync(join(first, 'part-00001'), 'utf8'), '(b,2)\n(c,3)\n');
    // The empty second batch still gets a complete directory (an empty queue yields an empty dataset).
    assert.ok(existsSync(join(dir, 'out-2000.txt', '_SUCCESS')));
  });

  it('leaves no half-written directory when a batch fails while writing, and names the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-save-'));
    const { ssc, clock } = context();
    const sc = ssc.batchContext;
    const failing = sc.parallelize([1, 2, 3], 3).map((x) => {
      if (x === 3) throw new Error('disk on fire');
      return x;
    });
    ssc.queueStream([failing]).saveAsTextFiles(join(dir, 'out'));
    const ended = ssc.awaitTermination();
    await runBatches(ssc, clock, 1);
    await assert.rejects(ended, (e: Error) => e.message.includes('1000 ms') && e.message.includes('disk on fire'));
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('foreachRDD', () => {
  it('runs output operations in registration order, once per batch, with the batch time', async () => {
    const { ssc, clock } = context();
    const sc = ssc.batchContext;
    const seen: string[] = [];
    const stream = ssc.queueStream([sc.parallelize([1, 2]), sc.parallelize([3])]);
    stream.foreachRDD((rdd: Rdd<number>, time) => {
      seen.push(`first ${time} ${rdd.collect().join(',')}`);
    });
    stream
      .map((x) => x * 10)
      .foreachRDD(async (rdd, time) => {
        await Promise.resolve();
        seen.push(`second ${time} ${rdd.collect().join(',')}`);
      });
    await runBatches(ssc, clock, 2);
    await ssc.stop();
    assert.deepEqual(seen, ['first 1000 1,2', 'second 1000 10,20', 'first 2000 3', 'second 2000 30']);
  });
});
