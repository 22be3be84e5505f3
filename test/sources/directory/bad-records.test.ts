import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BadRecordError,
  BatchFailedError,
  ManualClock,
  SourceReadError,
  StreamingContext,
} from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';
import { tempDir, writeFileAt } from './fixtures.ts';

function context(): { ssc: StreamingContext; clock: ManualClock; log: EventLog } {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  return { ssc, clock, log: new EventLog(ssc) };
}

describe('bad records of a directory source', () => {
  it('fail the batch by default, naming the file, the line and the reason', async () => {
    const dir = tempDir();
    const { ssc, clock } = context();
    ssc.fileStream(dir, { decode: 'json' }).foreachRDD((rdd) => {
      rdd.collect();
    });
    const done = ssc.awaitTermination();
    ssc.start();
    const file = writeFileAt(dir, 'events.jsonl', '{"a":1}\n{"a":\n{"a":3}\n', 500);
    clock.advance(1000);
    await assert.rejects(done, (e: unknown) => {
      assert.ok(e instanceof BatchFailedError);
      assert.equal(e.batchTime, 1000);
      const cause = e.cause;
      assert.ok(cause instanceof BadRecordError, String(cause));
      assert.equal(cause.position, `${file} line 2`);
      assert.match(cause.reason, /^invalid JSON: /);
      assert.match(e.message, /fileStream \(stream 0\) at .*bad record at .*events\.jsonl line 2: invalid JSON/);
      return true;
    });
  });

  it('go to the dead-letter file with their reason, once per batch however often it is computed, and are counted', async () => {
    const dir = tempDir();
    const deadLetterPath = join(tempDir(), 'dead', 'letters.jsonl');
    const { ssc, clock, log } = context();
    const stream = ssc.fileStream(dir, {
      decode: (line) => {
        const n = Number(line);
        if (!Number.isInteger(n)) throw new Error(`not a whole number: ${line}`);
        return n;
      },
      onBadRecord: 'deadLetter',
      deadLetterPath,
    });
    const seen: number[][] = [];
    stream.foreachRDD((rdd) => {
      seen.push(rdd.collect());
    });
    stream.foreachRDD((rdd) => {
      seen.push(rdd.collect());
    });
    ssc.start();
    const file = writeFileAt(dir, 'n.txt', '1\nx\n3\n4.5\n', 500);
    clock.advance(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    assert.deepEqual(seen, [
      [1, 3],
      [1, 3],
    ]);
    assert.equal(stream.deadLetterCount, 2);
    // One event for the batch's one partition, though two outputs computed it.
    assert.deepEqual(
      log.of('recordsDeadLettered').map((e) => [e.streamId, e.batchTime, e.count, e.destination]),
      [[0, 1000, 2, deadLetterPath]],
    );
    assert.match(log.of('recordsDeadLettered')[0].name, /^fileStream \(stream 0\)/);
    const letters = readFileSync(deadLetterPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(letters.length, 2);
    assert.deepEqual(
      letters.map((l) => [l.file, l.line, l.batchTimeMs, l.raw, l.reason]),
      [
        [file, 2, 1000, 'x', 'not a whole number: x'],
        [file, 4, 1000, '4.5', 'not a whole number: 4.5'],
      ],
    );
    assert.match(letters[0].source, /^fileStream \(stream 0\)/);
  });

  it('a file gone before its batch reads it fails the batch, naming the file', async () => {
    const dir = tempDir();
    const { ssc, clock, log } = context();
    const gate = Promise.withResolvers<void>();
    const stream = ssc.textFileStream(dir);
    stream.foreachRDD(() => gate.promise);
    stream.foreachRDD((rdd) => {
      rdd.collect();
    });
    const done = ssc.awaitTermination();
    ssc.start();
    const file = writeFileAt(dir, 'soon-gone', 'x\n', 500);
    clock.advance(1000);
    await log.waitFor('outputOperationStarted');
    rmSync(file);
    gate.resolve();
    await assert.rejects(done, (e: unknown) => {
      assert.ok(e instanceof BatchFailedError && e.cause instanceof SourceReadError, String(e));
      assert.match(e.message, /cannot read file .*soon-gone \(batch 1000 ms\)/);
      return true;
    });
  });
});

describe('options and the directory of a directory source', () => {
  it('are checked, each error naming the option', () => {
    const { ssc } = context();
    assert.throws(() => ssc.fileStream(''), /the directory must be a non-empty path/);
    assert.throws(
      () => ssc.fileStream('d', { onBadRecord: 'deadLetter' }),
      /onBadRecord 'deadLetter' needs a deadLetterPath/,
    );
    assert.throws(
      () => ssc.fileStream('d', { onBadRecord: 'skip' as 'fail' }),
      /onBadRecord must be 'fail' or 'deadLetter', got skip/,
    );
    assert.throws(
      () => ssc.fileStream('d', { decode: 'csv' as 'text' }),
      /decode must be 'text', 'json' or a function, got csv/,
    );
    assert.throws(
      () => ssc.fileStream('d', { minRememberDurationMs: 0 }),
      /minRememberDurationMs must be a whole number > 0, got 0/,
    );
  });

  it('must exist when the context starts', () => {
    const dir = join(tempDir(), 'missing');
    const { ssc } = context();
    ssc.textFileStream(dir).foreachRDD(() => {});
    assert.throws(
      () => ssc.start(),
      (e: unknown) => e instanceof SourceReadError && e.message.includes(`cannot read directory ${dir}`),
    );
  });
});
