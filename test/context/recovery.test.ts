import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock, StreamingContext, type StreamingEvent } from '../../src/index.ts';

function program(dir: string, seen: StreamingEvent[] = [], appName?: string): () => StreamingContext {
  return () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0), appName });
    ssc.checkpoint(dir);
    ssc.addStreamingListener((e) => {
      seen.push(e);
    });
    ssc
      .constantInputStream(ssc.sparkContext.parallelize([1, 2, 3]))
      .map((x) => x * 2)
      .foreachRDD(() => {});
    return ssc;
  };
}

/** Runs the program for `batches` intervals and stops it, leaving its checkpoints behind. */
async function runFor(dir: string, batches: number, appName?: string): Promise<void> {
  const ssc = program(dir, [], appName)();
  const clock = ssc.clock as ManualClock;
  let completed = 0;
  let wake: (() => void) | undefined;
  ssc.addStreamingListener((e) => {
    if (e.type === 'batchCompleted') {
      completed++;
      wake?.();
    }
  });
  ssc.start();
  for (let i = 1; i <= batches; i++) {
    const done = new Promise<void>((r) => {
      wake = r;
    });
    clock.advance(1000);
    if (completed < i) await done;
  }
  await ssc.stop();
}

const checkpointFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('checkpoint-'))
    .sort((a, b) => {
      const [, ta, sa] = a.match(/checkpoint-(\d+)-(\d+)/) ?? [];
      const [, tb, sb] = b.match(/checkpoint-(\d+)-(\d+)/) ?? [];
      return Number(ta) - Number(tb) || Number(sa) - Number(sb);
    });

describe('recovery from a checkpoint directory', () => {
  it('resumes from the checkpoint of the last completed batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 3);
    const ssc = StreamingContext.getOrCreate(dir, program(dir));
    assert.equal(ssc.recoveredCheckpointTime, 3000);
  });

  it('passes over a corrupt newest checkpoint, names it, and uses the one before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 3);
    const files = checkpointFiles(dir);
    const newest = join(dir, files[files.length - 1]);
    const bytes = readFileSync(newest);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(newest, bytes);
    const seen: StreamingEvent[] = [];
    const ssc = StreamingContext.getOrCreate(dir, program(dir, seen));
    // The checkpoint written when batch 3 was generated, before the corrupt one written when it completed.
    assert.match(files[files.length - 2], /^checkpoint-3000-/);
    assert.equal(ssc.recoveredCheckpointTime, 3000);
    const skipped = seen.filter((e) => e.type === 'checkpointSkipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].type === 'checkpointSkipped' && skipped[0].path, newest);
  });

  it('fails, never starts afresh, when no checkpoint in the directory is valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 2);
    for (const f of checkpointFiles(dir)) writeFileSync(join(dir, f), 'garbage');
    assert.throws(() => StreamingContext.getOrCreate(dir, program(dir)), { code: 'NO_VALID_CHECKPOINT' });
  });

  it("refuses another application's checkpoint directory: none of its files is this application's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 2);
    assert.throws(
      () => StreamingContext.getOrCreate(dir, program(dir, [], 'other-app')),
      (e: Error & { code?: string }) =>
        e.code === 'NO_VALID_CHECKPOINT' && /belongs to application 'sluice', not 'other-app'/.test(e.message),
    );
  });

  it("passes over another application's file swapped in as the newest, and uses the one before", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    const other = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 3);
    await runFor(other, 4, 'other-app');
    const theirs = checkpointFiles(other);
    const mine = checkpointFiles(dir);
    // Their newest file, under the name of a checkpoint newer than all of ours.
    writeFileSync(join(dir, 'checkpoint-9000-0.ckpt'), readFileSync(join(other, theirs[theirs.length - 1])));
    const seen: StreamingEvent[] = [];
    const ssc = StreamingContext.getOrCreate(dir, program(dir, seen));
    assert.equal(ssc.recoveredCheckpointTime, 3000, `recovered from ${mine[mine.length - 1]}`);
    const skipped = seen.filter((e) => e.type === 'checkpointSkipped');
    assert.equal(skipped.length, 1);
    assert.match(
      skipped[0].type === 'checkpointSkipped' ? skipped[0].reason : '',
      /belongs to application 'other-app'/,
    );
  });
});

describe('a checkpoint directory that cannot be written', () => {
  it('is refused by checkpoint(dir), naming the directory', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sluice-recovery-')), 'a-file');
    writeFileSync(file, 'not a directory');
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    assert.throws(
      () => ssc.checkpoint(join(file, 'checkpoints')),
      (e: Error & { code?: string }) => {
        return e.code === 'INVALID_ARGUMENT' && e.message.includes(join(file, 'checkpoints'));
      },
    );
  });

  it('fails start(), not the first checkpoint, when it went away after checkpoint(dir)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    const ssc = program(dir)();
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'now a file');
    assert.throws(() => ssc.start(), /sluice-recovery-/);
    assert.equal(ssc.getState(), 'initialized');
  });
});

describe('a fresh start in a directory that holds checkpoints', () => {
  it('is refused, so two runs never mix their checkpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recovery-'));
    await runFor(dir, 2);
    const ssc = program(dir)();
    assert.throws(
      () => ssc.start(),
      /holds the checkpoints of an earlier run: resume it with StreamingContext.getOrCreate/,
    );
    assert.equal(ssc.getState(), 'initialized');
    // The lock was released: recovering from the directory still works.
    assert.equal(StreamingContext.getOrCreate(dir, program(dir)).recoveredCheckpointTime, 2000);
  });
});
