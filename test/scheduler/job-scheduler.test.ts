import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DStream, ManualClock, StreamingContext } from '../../src/index.ts';
import { EventLog, lineHere, settle } from '../support/events.ts';

function newContext(concurrentJobs?: number) {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock, concurrentJobs, stdout: { write: () => true } });
  return { ssc, clock, log: new EventLog(ssc) };
}

/** An async output that records when it starts and ends, yielding to the event loop in between. */
function recordingOutput(stream: DStream<number>, name: string, trace: string[]): void {
  stream.foreachRDD(async (rdd, time) => {
    trace.push(`${name} start ${time}`);
    await settle();
    rdd.collect();
    await settle();
    trace.push(`${name} end ${time}`);
  });
}

/** An async output whose job for batch t waits until the test calls `release(t)`. */
function gatedOutput(stream: DStream<number>, name: string, trace: string[]) {
  const gates = new Map<number, PromiseWithResolvers<void>>();
  const gate = (t: number) => {
    let g = gates.get(t);
    if (g === undefined) {
      g = Promise.withResolvers<void>();
      gates.set(t, g);
    }
    return g;
  };
  stream.foreachRDD(async (_rdd, time) => {
    trace.push(`${name} start ${time}`);
    await gate(time).promise;
    trace.push(`${name} end ${time}`);
  });
  return { release: (t: number) => gate(t).resolve() };
}

describe('job scheduling', { timeout: 10_000 }, () => {
  it('runs the output operations of a batch in registration order, and batches one after another', async () => {
    const { ssc, clock, log } = newContext();
    const trace: string[] = [];
    const input = ssc.queueStream<number>([[1], [2], [3]]);
    recordingOutput(input, 'A', trace);
    recordingOutput(
      input.map((x) => x + 1),
      'B',
      trace,
    );
    recordingOutput(input, 'C', trace);
    ssc.start();
    clock.setTime(3000); // three batches queued at once
    await log.batchCompleted(3000);
    await ssc.stop();
    const expected = [1000, 2000, 3000].flatMap((t) =>
      ['A', 'B', 'C'].flatMap((name) => [`${name} start ${t}`, `${name} end ${t}`]),
    );
    assert.deepEqual(trace, expected);
  });

  it('with concurrentJobs 2, lets the next batch start while the previous one still runs', async () => {
    const { ssc, clock, log } = newContext(2);
    const trace: string[] = [];
    const { release } = gatedOutput(ssc.queueStream<number>([[1], [2], [3]]), 'A', trace);
    ssc.start();
    clock.setTime(3000);
    await log.waitFor('batchStarted', (e) => e.batch.batchTime === 2000);
    await settle();
    assert.deepEqual(trace, ['A start 1000', 'A start 2000'], 'two batches at once, the third waits');
    release(2000);
    await log.batchCompleted(2000);
    await log.waitFor('batchStarted', (e) => e.batch.batchTime === 3000);
    release(3000);
    release(1000);
    await log.batchCompleted(1000);
    await log.batchCompleted(3000);
    await ssc.stop();
    assert.deepEqual(log.completedTimes().sort(), [1000, 2000, 3000]);
  });

  it('with concurrentJobs 2, runs two output operations of one batch at once', async () => {
    const { ssc, clock, log } = newContext(2);
    const trace: string[] = [];
    const input = ssc.queueStream<number>([[1]]);
    const a = gatedOutput(input, 'A', trace);
    const b = gatedOutput(input, 'B', trace);
    ssc.start();
    clock.setTime(1000);
    await log.waitFor('outputOperationStarted', (e) => e.outputOperation.id === 1);
    assert.deepEqual(trace, ['A start 1000', 'B start 1000']);
    b.release(1000);
    a.release(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    assert.deepEqual(trace, ['A start 1000', 'B start 1000', 'B end 1000', 'A end 1000']);
    assert.deepEqual(log.timeline().slice(-5), [
      'outputOperationStarted 1000.1',
      'outputOperationCompleted 1000.1',
      'outputOperationCompleted 1000.0',
      'batchCompleted 1000',
      'streamingStopped',
    ]);
  });

  it('runs a long queue of batches with synchronous outputs, in order, once the batch ahead ends', async () => {
    const { ssc, clock, log } = newContext();
    const trace: string[] = [];
    const queued = 20_000;
    const input = ssc.queueStream<number>([], true, ssc.sparkContext.parallelize([1]));
    const gate = Promise.withResolvers<void>();
    let first = true;
    // Returns a promise for the first batch only: every later batch's jobs end as they return.
    input.foreachRDD((_rdd, time) => {
      if (!first) return;
      first = false;
      trace.push(`gated ${time}`);
      return gate.promise;
    });
    const times: number[] = [];
    input.foreachRDD((_rdd, time) => {
      times.push(time);
    });
    ssc.start();
    clock.setTime(1000);
    await log.waitFor('outputOperationStarted', (e) => e.outputOperation.batchTime === 1000);
    // Every later batch queues behind the first; each ends as soon as it starts.
    clock.setTime(queued * 1000);
    await log.waitFor('batchSubmitted', (e) => e.batch.batchTime === queued * 1000);
    assert.deepEqual(times, []);
    gate.resolve();
    await log.batchCompleted(queued * 1000);
    await ssc.stop();
    assert.deepEqual(trace, ['gated 1000']);
    assert.equal(times.length, queued);
    assert.ok(
      times.every((t, i) => t === (i + 1) * 1000),
      'every batch once, in order',
    );
  });

  it('fails the batch of an output that throws undefined', async () => {
    const { ssc, clock, log } = newContext();
    ssc.queueStream<number>([[1], [2]]).foreachRDD(() => {
      throw undefined;
    });
    const termination = ssc.awaitTermination();
    ssc.start();
    clock.setTime(1000);
    await assert.rejects(termination, /1000/);
    const completed = log.of('batchCompleted');
    assert.equal(completed.length, 1);
    assert.ok(completed[0].batch.failureReason !== undefined, 'the batch is reported failed');
  });

  it('rejects a concurrentJobs that is not a whole number >= 1', () => {
    for (const bad of [0, -1, 1.5]) {
      assert.throws(
        () => new StreamingContext({ batchDurationMs: 1000, concurrentJobs: bad }),
        /concurrentJobs must be a whole number >= 1/,
      );
    }
  });
});

describe('listener events', { timeout: 10_000 }, () => {
  it('arrive in Spark order: submitted, started, each output operation started and completed, completed', async () => {
    const { ssc, clock, log } = newContext();
    const input = ssc.queueStream<number>([[1, 2], [3]]);
    input.foreachRDD(() => {});
    input.print(1);
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    clock.advance(1000);
    await log.batchCompleted(2000);
    await ssc.stop();
    const batch = (t: number) => [
      `batchSubmitted ${t}`,
      `batchStarted ${t}`,
      `outputOperationStarted ${t}.0`,
      `outputOperationCompleted ${t}.0`,
      `outputOperationStarted ${t}.1`,
      `outputOperationCompleted ${t}.1`,
      `batchCompleted ${t}`,
    ];
    assert.deepEqual(log.timeline(), ['streamingStarted', ...batch(1000), ...batch(2000), 'streamingStopped']);
  });

  it('reach Spark-style object listeners, with `this` bound, and stop when unsubscribed', async () => {
    const { ssc, clock, log } = newContext();
    ssc.queueStream<number>([[1], [2]]).foreachRDD(() => {});
    class Listener {
      readonly seen: string[] = [];
      onBatchSubmitted(e: { batch: { batchTime: number } }): void {
        this.seen.push(`submitted ${e.batch.batchTime}`);
      }
      onBatchCompleted(e: { batch: { batchTime: number; numRecords: number } }): void {
        this.seen.push(`completed ${e.batch.batchTime} with ${e.batch.numRecords}`);
      }
    }
    const listener = new Listener();
    const unsubscribe = ssc.addStreamingListener(listener);
    const literal: string[] = [];
    ssc.addStreamingListener({
      onOutputOperationCompleted(e) {
        literal.push(e.outputOperation.description.split(' at ')[0]);
      },
      onStreamingStopped(e) {
        literal.push(`stopped ${String(e.error)}`);
      },
    });
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    unsubscribe();
    clock.advance(1000);
    await log.batchCompleted(2000);
    await ssc.stop();
    assert.deepEqual(listener.seen, ['submitted 1000', 'completed 1000 with 1']);
    assert.deepEqual(literal, ['foreachRDD', 'foreachRDD', 'stopped undefined']);
  });

  it('report the input records of each batch, in total and per input stream', async () => {
    const { ssc, clock, log } = newContext();
    const a = ssc.queueStream<number>([[1, 2, 3], [4]]);
    const b = ssc.queueStream<number>([[5, 6], []]);
    a.union(b).foreachRDD(() => {});
    ssc.start();
    clock.setTime(2000);
    await log.batchCompleted(2000);
    await ssc.stop();
    const [first, second] = log.of('batchCompleted').map((e) => e.batch);
    assert.equal(first.numRecords, 5);
    assert.deepEqual(first.streamIdToNumRecords, { [a.id]: 3, [b.id]: 2 });
    assert.equal(second.numRecords, 1);
    assert.deepEqual(second.streamIdToNumRecords, { [a.id]: 1, [b.id]: 0 });
    assert.equal(log.of('batchSubmitted')[0].batch.numRecords, 5, 'known when the batch is submitted');
  });

  it('carry scheduling, processing and total delays, all >= 0, and per-operation times', async () => {
    const { ssc, clock, log } = newContext();
    ssc.queueStream<number>([[1], [2]]).foreachRDD(async () => {
      await settle();
    });
    ssc.start();
    clock.setTime(2000);
    await log.batchCompleted(2000);
    await ssc.stop();
    for (const { batch } of log.of('batchCompleted')) {
      const { schedulingDelayMs, processingDelayMs, totalDelayMs } = batch;
      assert.ok(schedulingDelayMs !== undefined && schedulingDelayMs >= 0, `scheduling ${schedulingDelayMs}`);
      assert.ok(processingDelayMs !== undefined && processingDelayMs >= 0, `processing ${processingDelayMs}`);
      assert.ok(totalDelayMs !== undefined && totalDelayMs >= 0, `total ${totalDelayMs}`);
      assert.ok(Math.abs(totalDelayMs - schedulingDelayMs - processingDelayMs) < 1e-6);
      assert.ok(batch.processingStartTime !== undefined && batch.processingStartTime >= batch.submissionTime);
      assert.ok(batch.processingEndTime !== undefined && batch.processingEndTime >= batch.processingStartTime);
      assert.equal(batch.failureReason, undefined);
      for (const op of batch.outputOperations) {
        assert.ok(op.startTime !== undefined && op.endTime !== undefined && op.durationMs !== undefined);
        assert.ok(op.durationMs >= 0 && op.startTime >= batch.processingStartTime);
      }
    }
  });

  it('are snapshots: an event already delivered does not change as its batch moves on', async () => {
    const { ssc, clock, log } = newContext();
    ssc.queueStream<number>([[1]]).foreachRDD(() => {});
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    const submitted = log.of('batchSubmitted')[0].batch;
    assert.equal(submitted.processingStartTime, undefined);
    assert.equal(submitted.outputOperations[0].startTime, undefined);
    const started = log.of('outputOperationStarted')[0].outputOperation;
    assert.equal(started.endTime, undefined);
  });

  it('describe each output operation by name and by the line of the user code that registered it', async () => {
    const { ssc, clock, log } = newContext();
    const input = ssc.queueStream<number>([[1]]);
    const line = lineHere() + 1;
    input.foreachRDD(() => {});
    input.map((x) => x).print();
    const transformed = input.transform((rdd) => rdd);
    transformed.foreachRDD(() => {
      throw new Error('third fails');
    });
    const termination = ssc.awaitTermination();
    termination.catch(() => {}); // asserted below; not unhandled if an assertion before it fails
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    const descriptions = log.of('batchSubmitted')[0].batch.outputOperations.map((op) => op.description);
    assert.deepEqual(descriptions, [
      `foreachRDD at test/scheduler/job-scheduler.test.ts:${line}`,
      `print at test/scheduler/job-scheduler.test.ts:${line + 1}`,
      `foreachRDD at test/scheduler/job-scheduler.test.ts:${line + 3}`,
    ]);
    assert.deepEqual(
      log.of('outputOperationStarted').map((e) => e.outputOperation.description),
      descriptions,
    );
    // The description also names the operation in the failure.
    await assert.rejects(
      termination,
      new RegExp(`failed in foreachRDD at test/scheduler/job-scheduler\\.test\\.ts:${line + 3}: third fails`),
    );
  });
});

describe('a listener that throws', { timeout: 10_000 }, () => {
  it('does not break the engine or the other listeners, and is reported on stderr', async (t) => {
    const writes: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: string) => {
      writes.push(String(chunk));
      return true;
    });
    const { ssc, clock, log } = newContext();
    const out: number[] = [];
    ssc.addStreamingListener(() => {
      throw new Error('sync listener failure');
    });
    ssc.addStreamingListener(async () => {
      throw new Error('async listener failure');
    });
    ssc.addStreamingListener({
      onBatchCompleted() {
        throw new Error('object listener failure');
      },
    });
    ssc.queueStream<number>([[1], [2]]).foreachRDD((rdd) => {
      out.push(...rdd.collect());
    });
    ssc.start();
    clock.setTime(2000);
    await log.batchCompleted(2000);
    await ssc.stop();
    await settle();
    assert.deepEqual(out, [1, 2]);
    assert.deepEqual(log.completedTimes(), [1000, 2000]);
    assert.equal(ssc.getState(), 'stopped');
    assert.ok(writes.some((w) => /listener threw on batchSubmitted: Error: sync listener failure/.test(w)));
    assert.ok(writes.some((w) => /listener threw on batchCompleted: Error: async listener failure/.test(w)));
    assert.ok(writes.some((w) => /listener threw on batchCompleted: Error: object listener failure/.test(w)));
  });
});
