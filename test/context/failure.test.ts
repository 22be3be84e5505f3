// Fail-stop (RELIABILITY.md S5): a user function that throws fails its batch; the error names the batch
// time and the operation, carries the user's error as `cause`, reaches listeners and awaitTermination,
// and the context stops so that no later batch runs past the lost one. Unlike Spark, which reports the
// error and keeps generating batches, Sluice never silently skips a batch's data: a restart recomputes
// from fixed inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchFailedError,
  type DStream,
  InputDStream,
  ManualClock,
  MissingDatasetError,
  type Rdd,
  StreamingContext,
  type Time,
} from '../../src/index.ts';
import { EventLog, lineHere, settle } from '../support/events.ts';

const FILE = 'test/context/failure.test.ts';

function newContext() {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  const log = new EventLog(ssc);
  const input = ssc.queueStream<number>([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
    [9, 10],
  ]);
  return { ssc, clock, log, input };
}

/** Collects the records of every batch that gets as far as its output. */
function collectOutput<T>(stream: DStream<T>): Map<number, T[]> {
  const out = new Map<number, T[]>();
  stream.foreachRDD((rdd, time) => {
    out.set(time, rdd.collect());
  });
  return out;
}

/**
 * Starts, jumps the clock five batches at once (so later batches are already generated and queued when
 * batch 2000 fails), and returns the error awaitTermination rejects with.
 */
async function runUntilFailure(ssc: StreamingContext, clock: ManualClock): Promise<BatchFailedError> {
  const termination = ssc.awaitTermination();
  ssc.start();
  clock.setTime(5000);
  const error = await termination.then(
    () => assert.fail('expected the context to stop with an error'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BatchFailedError, String(error));
  return error;
}

/** Nothing runs after the failure, whatever the clock does next. */
async function assertNothingAfter(ssc: StreamingContext, clock: ManualClock, log: EventLog): Promise<void> {
  assert.equal(ssc.getState(), 'stopped');
  const before = log.events.length;
  clock.setTime(20_000);
  await settle();
  assert.equal(log.events.length, before, 'no event after the context stopped');
  const started = log.of('batchStarted').map((e) => e.batch.batchTime);
  assert.ok(
    started.every((t) => t <= 2000),
    `no batch after the failed one starts, got ${started}`,
  );
}

describe('a user function that throws', { timeout: 10_000 }, () => {
  it('in map fails the batch naming the batch time and the map, with the user error as cause', async () => {
    const { ssc, clock, log, input } = newContext();
    const boom = new Error('boom in map');
    const line = lineHere() + 1;
    const mapped = input.map((x) => {
      if (x === 3) throw boom;
      return x * 10;
    });
    const out = collectOutput(mapped);
    const error = await runUntilFailure(ssc, clock);

    assert.equal(error.code, 'BATCH_FAILED');
    assert.equal(error.batchTime, 2000);
    assert.equal(error.cause, boom);
    assert.match(error.message, /^Batch 2000 ms failed in /);
    assert.ok(error.message.includes(`map (stream ${mapped.id}) at ${FILE}:${line}`), error.message);
    assert.ok(error.message.includes('boom in map'), error.message);
    assert.deepEqual([...out], [[1000, [10, 20]]]);

    // Listeners see it on the output operation, the batch, and the stop.
    const failedOp = log.of('outputOperationCompleted').find((e) => e.outputOperation.batchTime === 2000);
    assert.match(failedOp?.outputOperation.failureReason ?? '', /boom in map/);
    const failedBatch = log.of('batchCompleted').find((e) => e.batch.batchTime === 2000);
    assert.equal(failedBatch?.batch.failureReason, error.message);
    assert.equal(log.of('batchCompleted')[0].batch.failureReason, undefined);
    assert.equal(log.of('streamingStopped')[0].error, error);
    assert.equal(log.events.at(-1)?.type, 'streamingStopped');
    await assertNothingAfter(ssc, clock, log);
  });

  it("in reduceByKey's function fails the batch naming the reduceByKey", async () => {
    const { ssc, clock, log, input } = newContext();
    const boom = new Error('boom in reduce');
    const pairs = input.map((x): [string, number] => ['k', x]);
    const line = lineHere() + 1;
    const reduced = pairs.reduceByKey((a, b) => {
      if (a + b === 7) throw boom;
      return a + b;
    });
    const out = collectOutput(reduced);
    const error = await runUntilFailure(ssc, clock);

    assert.equal(error.batchTime, 2000);
    assert.equal(error.cause, boom);
    assert.match(error.message, /2000 ms/);
    assert.ok(error.message.includes(`reduceByKey (stream ${reduced.id}) at ${FILE}:${line}`), error.message);
    assert.deepEqual([...out], [[1000, [['k', 3]]]]);
    await assertNothingAfter(ssc, clock, log);
  });

  it('in foreachRDD (sync or async) fails the batch naming the output operation', async () => {
    for (const kind of ['sync', 'async'] as const) {
      const { ssc, clock, log, input } = newContext();
      const boom = new Error(`boom in ${kind} foreachRDD`);
      const ran: number[] = [];
      const line = lineHere() + 1;
      input.foreachRDD(async (_rdd, time) => {
        if (kind === 'async') await settle();
        if (time === 2000) throw boom;
        ran.push(time);
      });
      const error = await runUntilFailure(ssc, clock);

      assert.equal(error.batchTime, 2000);
      assert.equal(error.cause, boom);
      assert.equal(error.operation, `foreachRDD at ${FILE}:${line}`);
      assert.match(error.message, new RegExp(`^Batch 2000 ms failed in foreachRDD at ${FILE}:${line}: boom`));
      assert.deepEqual(ran, [1000]);
      await assertNothingAfter(ssc, clock, log);
    }
  });

  it('in transform fails the batch while it is generated, naming the transform', async () => {
    const { ssc, clock, log, input } = newContext();
    const boom = new Error('boom in transform');
    const line = lineHere() + 1;
    const transformed = input.transform((rdd: Rdd<number>, time: Time) => {
      if (time === 2000) throw boom;
      return rdd;
    });
    const out = collectOutput(transformed);
    const error = await runUntilFailure(ssc, clock);

    assert.equal(error.batchTime, 2000);
    assert.equal(error.cause, boom);
    assert.match(error.message, /^Batch 2000 ms failed in job generation: /);
    assert.ok(error.message.includes(`transform (stream ${transformed.id}) at ${FILE}:${line}`), error.message);
    assert.deepEqual([...out], [[1000, [1, 2]]]);
    // Generation failed, so batch 2000 was never submitted; the stop carries the error.
    assert.deepEqual(
      log.of('batchSubmitted').map((e) => e.batch.batchTime),
      [1000],
    );
    assert.equal(log.of('streamingStopped')[0].error, error);
    await assertNothingAfter(ssc, clock, log);
  });

  it('ends its batch at the failing output operation: the ones after it do not run', async () => {
    const { ssc, clock, log, input } = newContext();
    const ran: string[] = [];
    input.foreachRDD((_rdd, t) => {
      ran.push(`first ${t}`);
    });
    input.foreachRDD((_rdd, t) => {
      if (t === 2000) throw new Error('second fails');
      ran.push(`second ${t}`);
    });
    input.foreachRDD((_rdd, t) => {
      ran.push(`third ${t}`);
    });
    await runUntilFailure(ssc, clock);
    assert.deepEqual(ran, ['first 1000', 'second 1000', 'third 1000', 'first 2000']);
    const ops = log.of('outputOperationCompleted').filter((e) => e.outputOperation.batchTime === 2000);
    assert.deepEqual(
      ops.map((e) => [e.outputOperation.id, e.outputOperation.failureReason]),
      [
        [0, undefined],
        [1, 'second fails'],
      ],
    );
    await assertNothingAfter(ssc, clock, log);
  });

  it('while a graceful stop waits for its batch, still rejects awaitTermination and reaches streamingStopped', async () => {
    const { ssc, clock, log, input } = newContext();
    const gate = Promise.withResolvers<void>();
    input.foreachRDD(async () => {
      await gate.promise;
      throw new Error('failed during the stop');
    });
    const termination = ssc.awaitTermination();
    ssc.start();
    clock.advance(1000);
    await log.waitFor('batchStarted');
    const stopping = ssc.stop();
    gate.resolve();
    await stopping;
    await assert.rejects(termination, /Batch 1000 ms failed in foreachRDD .*failed during the stop/);
    const stopped = log.of('streamingStopped');
    assert.equal(stopped.length, 1);
    assert.ok(stopped[0].error instanceof BatchFailedError);
    assert.match(stopped[0].error.message, /failed during the stop/);
  });
});

/** An input with no dataset at the times listed (a source that has nothing to offer then). */
class GappyInput extends InputDStream<number> {
  readonly name = 'gappyInput';
  readonly gaps: readonly number[];
  constructor(ssc: StreamingContext, gaps: readonly number[]) {
    super(ssc, 'gappyInput');
    this.gaps = gaps;
  }
  compute(time: Time): Rdd<number> | undefined {
    return this.gaps.includes(time) ? undefined : this.batchContext.makeRDD([time], 1);
  }
}

describe('an error while a batch is generated', { timeout: 10_000 }, () => {
  it('(union with a parent that has no dataset) fails with the batch time, the union and the parent', async () => {
    const { ssc, clock, log, input } = newContext();
    const gappy = ssc.inputStream(new GappyInput(ssc, [2000]));
    const line = lineHere() + 1;
    const unioned = input.union(gappy);
    const out = collectOutput(unioned);
    const error = await runUntilFailure(ssc, clock);

    assert.equal(error.batchTime, 2000);
    assert.ok(error.cause instanceof MissingDatasetError, String(error.cause));
    assert.match(error.message, /^Batch 2000 ms failed in job generation: /);
    assert.ok(error.message.includes(`union (stream ${unioned.id}) at ${FILE}:${line}`), error.message);
    assert.ok(error.message.includes(`gappyInput (stream ${gappy.id})`), error.message);
    assert.ok(error.message.includes('at time 2000 ms'), error.message);
    assert.deepEqual([...out], [[1000, [1, 2, 1000]]]);
    await assertNothingAfter(ssc, clock, log);
  });

  it('is not an error for an output whose stream simply has no dataset then: that job is skipped', async () => {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
    const log = new EventLog(ssc);
    const out = collectOutput(ssc.inputStream(new GappyInput(ssc, [2000])).map((x) => x + 1));
    ssc.start();
    clock.setTime(3000);
    await log.batchCompleted(3000);
    await ssc.stop();
    assert.deepEqual([...out.keys()], [1000, 3000]);
    assert.deepEqual(
      log.of('batchCompleted').map((e) => [e.batch.batchTime, e.batch.outputOperations.length]),
      [
        [1000, 1],
        [2000, 0],
        [3000, 1],
      ],
    );
  });
});
