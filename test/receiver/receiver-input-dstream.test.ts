import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IllegalStateError,
  InvalidArgumentError,
  ManualClock,
  ReceiverFailedError,
  StreamingContext,
} from '../../src/index.ts';
import { EventLog, settle } from '../support/events.ts';
import { receiverProgram, TestReceiver } from './fixtures.ts';

describe('receiverStream: store, blocks and batches', () => {
  it('starts the receiver with the context and cuts stored records into blocks, one partition each', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<string>();
    const log = new EventLog(ssc);
    await assert.rejects(receiver.store('early'), /not started: its context's start\(\) starts it/);
    ssc.start();
    assert.equal(receiver.starts, 1);
    assert.equal(receiver.isStarted(), true);
    await receiver.store('a');
    await receiver.store('b');
    clock.advance(250);
    await receiver.store('c');
    clock.advance(750);
    await log.batchCompleted(1000);
    // Default block interval: a fifth of the 1000 ms batch, 200 ms.
    assert.deepEqual(batches.get(1000), [['a', 'b'], ['c']]);
    // A record stored at the batch time belongs to the next batch.
    await receiver.store('d');
    clock.advance(1000);
    await log.batchCompleted(2000);
    assert.deepEqual(batches.get(2000), [['d']]);
    clock.advance(1000);
    await log.batchCompleted(3000);
    assert.deepEqual(batches.get(3000), []);
    const inputs = log.of('batchCompleted').map((e) => e.batch.numRecords);
    assert.deepEqual(inputs, [3, 1, 0]);
    await ssc.stop();
    assert.equal(receiver.stops, 1);
    assert.equal(receiver.isStopped(), true);
    await assert.rejects(receiver.store('late'), IllegalStateError);
  });

  it('honours blockIntervalMs, and storeAll makes a block of its own after the records before it', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>({ blockIntervalMs: 500 });
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store(1);
    clock.advance(100);
    await receiver.store(2);
    clock.advance(500);
    await receiver.store(3);
    await receiver.storeAll([4, 5]);
    await receiver.store(6);
    clock.advance(400);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000), [[1, 2], [3], [4, 5], [6]]);
    await ssc.stop();
  });
});

describe('receiverStream: rate limit', () => {
  it('admits maxRatePerSecond records per second of the clock; store resolves when a record is admitted', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>({ maxRatePerSecond: 10 });
    const log = new EventLog(ssc);
    ssc.start();
    const admitted: number[] = [];
    const stores = [0, 1, 2, 3, 4].map((i) => receiver.store(i).then(() => admitted.push(i)));
    await settle();
    assert.deepEqual(admitted, [0]);
    for (const expected of [
      [0, 1],
      [0, 1, 2],
      [0, 1, 2, 3],
      [0, 1, 2, 3, 4],
    ]) {
      clock.advance(100);
      await settle();
      assert.deepEqual(admitted, expected);
    }
    await Promise.all(stores);
    clock.advance(600);
    await log.batchCompleted(1000);
    // Admitted at 0, 100, 200, 300, 400 ms: blocks of the 200 ms intervals.
    assert.deepEqual(batches.get(1000), [[0, 1], [2, 3], [4]]);
    await ssc.stop();
  });

  it('storeAll waits for a permit per record; a store waiting when the context stops is refused', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>({ maxRatePerSecond: 2 });
    ssc.start();
    let done = false;
    const all = receiver.storeAll([1, 2, 3]).then(() => {
      done = true;
    });
    await settle();
    assert.equal(done, true, 'the first permits of an idle limiter are free');
    // The three records paid for 1500 ms of permits: the next one waits till then.
    let fourth = false;
    const next = receiver.store(4).then(() => {
      fourth = true;
    });
    clock.advance(1499);
    await settle();
    assert.equal(fourth, false);
    clock.advance(1);
    await settle();
    assert.equal(fourth, true);
    const waiting = receiver.store(5);
    await all;
    await next;
    const stopping = ssc.stop();
    await assert.rejects(waiting, IllegalStateError);
    // The graceful stop processes what was admitted, in the batch at the next batch time.
    clock.advance(500);
    await stopping;
    assert.deepEqual(batches.get(1000), [[1, 2, 3]]);
    assert.deepEqual(batches.get(2000), [[4]]);
  });
});

describe('receiverStream: errors and restarts', () => {
  it('reportError posts an event and keeps the receiver running', async () => {
    const { ssc, receiver } = receiverProgram<number>();
    const log = new EventLog(ssc);
    ssc.start();
    const cause = new Error('parse failure');
    receiver.reportError('bad line', cause);
    const [event] = log.of('receiverError');
    assert.equal(event.message, 'bad line');
    assert.equal(event.error, cause);
    assert.equal(event.name, 'TestReceiver');
    assert.equal(receiver.isStarted(), true);
    await ssc.stop();
  });

  it('restart stops the receiver, then starts it again after the delay on the clock', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>({ restartDelayMs: 300 });
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store(1);
    receiver.restart('connection lost', new Error('reset'));
    assert.equal(receiver.stops, 1);
    assert.equal(receiver.isStopped(), true);
    assert.equal(log.of('receiverError')[0].message, 'connection lost');
    assert.equal(log.of('receiverStopped')[0].message, 'connection lost');
    receiver.restart('again while restarting');
    clock.advance(299);
    await settle();
    assert.equal(receiver.starts, 1);
    clock.advance(1);
    await settle();
    assert.equal(receiver.starts, 2);
    assert.equal(receiver.isStarted(), true);
    receiver.restart('quick', undefined, 50);
    clock.advance(50);
    await settle();
    assert.equal(receiver.starts, 3);
    clock.advance(650);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000), [[1]], 'records stored before a restart are kept');
    await ssc.stop();
  });

  it('a receiver whose onStart throws is reported and restarted after restartDelayMs (default 2000)', async () => {
    const { ssc, clock, receiver } = receiverProgram<number>();
    const log = new EventLog(ssc);
    receiver.failStarts = 2;
    ssc.start();
    assert.equal(receiver.isStopped(), true);
    const [first] = log.of('receiverError');
    assert.match(first.message, /error starting receiver TestReceiver: cannot connect \(attempt 1\)/);
    clock.advance(2000);
    await log.batchCompleted(2000);
    await settle();
    assert.equal(receiver.starts, 2);
    clock.advance(2000);
    await log.batchCompleted(4000);
    await settle();
    assert.equal(receiver.starts, 3);
    assert.equal(receiver.isStarted(), true);
    assert.equal(log.of('receiverStarted').length, 1);
    assert.equal(log.of('receiverError').length, 2);
    await ssc.stop();
  });

  it('stop ends the receiver for the run; later stores are refused', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>();
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store(7);
    receiver.stop('source exhausted');
    assert.equal(receiver.stops, 1);
    await assert.rejects(receiver.store(8), IllegalStateError);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000), [[7]]);
    await ssc.stop();
    assert.equal(receiver.stops, 1, 'onStop runs once');
  });
});

describe('receiverStream: a receiver that fails its stream', () => {
  it('fail stops the receiver; batches take the blocks stored before, the first without any fails the context', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>();
    const log = new EventLog(ssc);
    const termination = ssc.awaitTermination();
    ssc.start();
    await receiver.store(1);
    const cause = new Error('feed closed for good');
    receiver.fail('the feed ended', cause);
    assert.equal(receiver.isStopped(), true);
    await assert.rejects(receiver.store(2), IllegalStateError);
    assert.equal(log.of('receiverError')[0].error, cause);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000), [[1]]);
    clock.advance(1000);
    await assert.rejects(termination, (e: Error) => {
      assert.match(e.message, /^Batch 2000 ms failed/);
      assert.ok(e.cause instanceof ReceiverFailedError);
      assert.equal(e.cause.code, 'RECEIVER_FAILED');
      assert.equal(e.cause.batchTime, 2000);
      assert.match(
        e.cause.message,
        /^receiverStream \(stream 0\) at [^ ]+: receiver TestReceiver failed, batch 2000 ms cannot be served: the feed ended$/,
      );
      assert.equal(e.cause.cause, cause);
      return true;
    });
    assert.equal(batches.has(2000), false);
  });
});

describe('receiverStream: bad input', () => {
  const ssc = () => new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock() });
  it('refuses out-of-range options and a value that is not a Receiver', () => {
    assert.throws(
      () => ssc().receiverStream(new TestReceiver(), { blockIntervalMs: 0 }),
      /blockIntervalMs must be a whole number >= 1, got 0/,
    );
    assert.throws(() => ssc().receiverStream(new TestReceiver(), { blockIntervalMs: 2.5 }), InvalidArgumentError);
    assert.throws(
      () => ssc().receiverStream(new TestReceiver(), { maxRatePerSecond: -1 }),
      /maxRatePerSecond must be a number > 0, got -1/,
    );
    assert.throws(() => ssc().receiverStream(new TestReceiver(), { restartDelayMs: -5 }), /restartDelayMs/);
    assert.throws(() => ssc().receiverStream({} as TestReceiver<number>), /expected a Receiver/);
  });

  it('refuses one receiver for two streams', () => {
    const s = ssc();
    const r = new TestReceiver<number>();
    s.receiverStream(r);
    assert.throws(() => s.receiverStream(r), /already feeds stream 0/);
  });

  it('refuses the write-ahead log without a checkpoint directory', () => {
    const s = ssc();
    s.receiverStream(new TestReceiver(), { writeAheadLog: true }).foreachRDD(() => {});
    assert.throws(() => s.start(), /write-ahead log is kept under the checkpoint directory/);
  });
});
