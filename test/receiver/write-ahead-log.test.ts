// RELIABILITY S4: blocks written to the write-ahead log before they count as stored come back after a
// stop and a restart; a torn end of the newest segment is dropped and reported; a bad frame in an older
// segment is an error naming the segment and the offset.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StreamingContext, WriteAheadLogCorruptError } from '../../src/index.ts';
import { EventLog } from '../support/events.ts';
import { receiverProgram } from './fixtures.ts';

const walDir = (dir: string) => join(dir, 'receivedData', '0');
const segments = (dir: string) =>
  readdirSync(walDir(dir))
    .filter((f) => f.endsWith('.wal'))
    .sort();

function recreate(dir: string, startMs: number, options = {}) {
  let program: ReturnType<typeof receiverProgram<number>> | undefined;
  const ssc = StreamingContext.getOrCreate(dir, () => {
    program = receiverProgram<number>({ writeAheadLog: true, ...options }, startMs, dir);
    return program.ssc;
  });
  assert.ok(program !== undefined && program.ssc === ssc);
  return program;
}

describe('receiver write-ahead log', () => {
  it('acknowledged blocks survive a stop: the re-run batch gets the same blocks, unallocated ones come next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const first = recreate(dir, 0);
    const log1 = new EventLog(first.ssc);
    first.ssc.start();
    await first.receiver.storeAll([1, 2, 3]);
    first.clock.advance(1000);
    await log1.batchCompleted(1000);
    await first.receiver.storeAll([4, 5]);
    await first.receiver.storeAll([6]);
    first.clock.advance(1000);
    await log1.batchCompleted(2000);
    await first.receiver.storeAll([7, 8]);
    // A hard stop: a graceful one would process the stored blocks first.
    await first.ssc.stop({ stopGracefully: false });
    assert.deepEqual(first.batches.get(1000), [[1, 2, 3]]);
    assert.deepEqual(first.batches.get(2000), [[4, 5], [6]]);

    const second = recreate(dir, 2000);
    const log2 = new EventLog(second.ssc);
    second.ssc.start();
    assert.deepEqual(second.ssc.rescheduledTimes.map(Number), [2000]);
    await log2.batchCompleted(2000);
    assert.deepEqual(second.batches.get(2000), first.batches.get(2000), 'the re-run batch has exactly its blocks');
    second.clock.advance(1000);
    await log2.batchCompleted(3000);
    assert.deepEqual(second.batches.get(3000), [[7, 8]], 'stored before the stop, given to the next batch');
    await second.receiver.storeAll([9]);
    second.clock.advance(1000);
    await log2.batchCompleted(4000);
    assert.deepEqual(second.batches.get(4000), [[9]]);
    await second.ssc.stop();
  });

  it('a batch generated before the shared fsync makes the blocks written before it durable and takes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const p = recreate(dir, 0);
    const log = new EventLog(p.ssc);
    p.ssc.start();
    let acknowledged = 0;
    const stores = [[1], [2, 3]].map((records) => p.receiver.storeAll(records).then(() => acknowledged++));
    // The batch is generated in this turn, before the fsync the two blocks were waiting for.
    p.clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(p.batches.get(1000), [[1], [2, 3]]);
    await Promise.all(stores);
    assert.equal(acknowledged, 2);
    await p.ssc.stop();
  });

  it('without the log, records not yet in a batch are lost on stop (at most once)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const first = receiverProgram<number>({}, 0, dir);
    const log1 = new EventLog(first.ssc);
    first.ssc.start();
    await first.receiver.storeAll([1]);
    first.clock.advance(1000);
    await log1.batchCompleted(1000);
    await first.receiver.storeAll([2]);
    // A hard stop: a graceful one would process the stored blocks first.
    await first.ssc.stop({ stopGracefully: false });
    const second = StreamingContext.getOrCreate(dir, () => receiverProgram<number>({}, 1000, dir).ssc);
    const log2 = new EventLog(second);
    second.start();
    await log2.batchCompleted(1000);
    assert.deepEqual(readdirSync(dir).includes('receivedData'), false);
    await second.stop();
  });

  it('drops a torn last frame of the newest segment and reports it; the records before it are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const first = recreate(dir, 0);
    first.ssc.start();
    await first.receiver.storeAll([1, 2]);
    await first.receiver.storeAll([3]);
    // A hard stop: a graceful one would process the stored blocks first.
    await first.ssc.stop({ stopGracefully: false });
    const [segment] = segments(dir);
    const path = join(walDir(dir), segment);
    const size = readFileSync(path).length;
    truncateSync(path, size - 3);

    const second = recreate(dir, 0);
    const log2 = new EventLog(second.ssc);
    second.ssc.start();
    const [dropped] = log2.of('writeAheadLogTailDropped');
    assert.equal(dropped.segment, path);
    assert.equal(dropped.reason, 'truncated-payload');
    assert.ok(dropped.offset > 0 && dropped.offset < size - 3);
    assert.equal(dropped.bytes, size - 3 - dropped.offset);
    second.clock.advance(1000);
    await log2.batchCompleted(1000);
    assert.deepEqual(second.batches.get(1000), [[1, 2]]);
    await second.ssc.stop();
    // The cut is durable: a third run reads the segment, now sealed, without an error.
    const third = recreate(dir, 1000);
    third.ssc.start();
    await third.ssc.stop();
  });

  it('refuses to start when a sealed segment holds a bad frame, naming the segment and the offset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const first = recreate(dir, 0, { writeAheadLogSegmentBytes: 1 });
    first.ssc.start();
    await first.receiver.storeAll([1]);
    await first.receiver.storeAll([2]);
    await first.receiver.storeAll([3]);
    // A hard stop: a graceful one would process the stored blocks first.
    await first.ssc.stop({ stopGracefully: false });
    const files = segments(dir);
    assert.equal(files.length, 3, 'one block per segment at 1-byte segments');
    const path = join(walDir(dir), files[1]);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(path, bytes);
    const second = recreate(dir, 0, { writeAheadLogSegmentBytes: 1 });
    assert.throws(
      () => second.ssc.start(),
      (e: unknown) =>
        e instanceof WriteAheadLogCorruptError &&
        e.segment === path &&
        e.offset === 0 &&
        e.reason === 'crc-mismatch' &&
        e.message.includes(path),
    );
  });

  it('deletes segments once their batches completed and a newer checkpoint is durable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-wal-'));
    const p = recreate(dir, 0, { writeAheadLogSegmentBytes: 1 });
    const log = new EventLog(p.ssc);
    p.ssc.start();
    for (let i = 1; i <= 5; i++) {
      await p.receiver.storeAll([i]);
      p.clock.advance(1000);
      await log.batchCompleted(i * 1000);
    }
    // Blocks 0..4, one per batch and segment. When batch 5 completed, the newest durable checkpoint was
    // the one written when batch 4 completed: it names batch 4's block (3), so blocks 3 and 4 remain.
    assert.deepEqual(segments(dir), ['log-0000000000000003.wal', 'log-0000000000000004.wal']);
    await p.ssc.stop();
    const again = recreate(dir, 5000, { writeAheadLogSegmentBytes: 1 });
    const log2 = new EventLog(again.ssc);
    again.ssc.start();
    await log2.batchCompleted(5000);
    assert.deepEqual(again.batches.get(5000), [[5]]);
    await again.ssc.stop();
  });
});
