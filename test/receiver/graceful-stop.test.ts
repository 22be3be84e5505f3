// Spark's graceful stop: receivers stop first, then every block they stored is processed by a batch
// before the context stops ("records received == records processed").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IllegalStateError } from '../../src/index.ts';
import { EventLog, settle } from '../support/events.ts';
import { receiverProgram } from './fixtures.ts';

describe('graceful stop drains the receivers', () => {
  it('stops the receiver first, then waits for the batch at the next batch time to process what it stored', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<number>();
    const log = new EventLog(ssc);
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    clock.advance(300);
    await receiver.store(1);
    await receiver.storeAll([2, 3]);
    await receiver.store(4);
    let stopped = false;
    const stopping = ssc.stop().then(() => {
      stopped = true;
    });
    assert.equal(receiver.stops, 1, 'the receiver is stopped before anything else');
    await assert.rejects(receiver.store(5), IllegalStateError);
    await settle();
    assert.equal(stopped, false, 'the stop waits for the batch that takes the stored blocks');
    clock.advance(700);
    await stopping;
    assert.deepEqual(batches.get(2000), [[1], [2, 3], [4]]);
    const timeline = log.timeline();
    assert.ok(timeline.indexOf('receiverStopped') < timeline.indexOf('batchSubmitted 2000'));
    assert.ok(timeline.indexOf('batchCompleted 2000') < timeline.indexOf('streamingStopped'));
    assert.deepEqual(log.completedTimes(), [1000, 2000]);
  });

  it('a batch already due takes the stored blocks, and no later batch is waited for', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<string>();
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store('a');
    // The clock reached 1000 but the timer has not ticked yet: the due batch takes the record.
    clock.setTime(1000);
    await ssc.stop();
    assert.deepEqual(batches.get(1000), [['a']]);
    assert.deepEqual(log.completedTimes(), [1000]);
  });

  it('does not wait when every stored block is already in a batch', async () => {
    const { ssc, clock, receiver, batches } = receiverProgram<string>();
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store('a');
    clock.advance(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    assert.deepEqual(batches.get(1000), [['a']]);
    assert.deepEqual(log.completedTimes(), [1000]);
  });

  it('a hard stop while a graceful one waits drops the stored blocks and stops at once', async () => {
    const { ssc, receiver, batches } = receiverProgram<string>();
    const log = new EventLog(ssc);
    ssc.start();
    await receiver.store('lost');
    const graceful = ssc.stop();
    await ssc.stop({ stopGracefully: false });
    await graceful;
    assert.equal(ssc.getState(), 'stopped');
    assert.equal(batches.size, 0);
    assert.deepEqual(log.completedTimes(), []);
  });

  it('a hard stop does not wait for stored blocks (at most once without the write-ahead log)', async () => {
    const { ssc, receiver, batches } = receiverProgram<string>();
    ssc.start();
    await receiver.store('lost');
    await ssc.stop({ stopGracefully: false });
    assert.equal(batches.size, 0);
    assert.equal(receiver.stops, 1);
  });
});
