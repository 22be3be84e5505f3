import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BatchContext,
  BatchFailedError,
  type DStream,
  GraphValidationError,
  IllegalStateError,
  InvalidDurationError,
  ManualClock,
  type Rdd,
  StreamingContext,
} from '../../src/index.ts';
import { EventLog, settle } from '../support/events.ts';

function newContext(batchDurationMs = 1000): { ssc: StreamingContext; clock: ManualClock; log: EventLog } {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs, clock });
  return { ssc, clock, log: new EventLog(ssc) };
}

/** An output whose job for each batch waits until the test releases it. */
function gatedOutput(stream: DStream<number>): { seen: number[]; release: () => void } {
  const gate = Promise.withResolvers<void>();
  const seen: number[] = [];
  stream.foreachRDD(async (_rdd, time) => {
    await gate.promise;
    seen.push(time);
  });
  return { seen, release: () => gate.resolve() };
}

describe('StreamingContext construction', { timeout: 10_000 }, () => {
  for (const bad of [0, -1000, 1.5, Number.NaN, Number.POSITIVE_INFINITY, undefined, '1000']) {
    it(`rejects batchDurationMs = ${String(bad)} with InvalidDurationError naming the option and the value`, () => {
      assert.throws(
        () => new StreamingContext({ batchDurationMs: bad as number }),
        (e: unknown) => {
          assert.ok(e instanceof InvalidDurationError, String(e));
          assert.equal(e.code, 'INVALID_DURATION');
          assert.match(e.message, /batchDurationMs/);
          assert.ok(e.message.includes(String(bad)), e.message);
          return true;
        },
      );
    });
  }

  it('accepts a whole positive batchDurationMs and reports it', () => {
    const { ssc } = newContext(250);
    assert.equal(ssc.batchDurationMs, 250);
    assert.equal(ssc.getState(), 'initialized');
  });
});

describe('StreamingContext lifecycle', { timeout: 10_000 }, () => {
  it('refuses to start without an output operation', () => {
    const { ssc } = newContext();
    ssc.queueStream<number>([[1]]).map((x) => x + 1);
    assert.throws(() => ssc.start(), GraphValidationError);
    assert.throws(() => ssc.start(), /No output operations/);
  });

  it('refuses to start twice, and to start after stop', async () => {
    const { ssc } = newContext();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    ssc.start();
    assert.throws(() => ssc.start(), IllegalStateError);
    assert.throws(() => ssc.start(), /already been started/);
    await ssc.stop();
    assert.throws(() => ssc.start(), IllegalStateError);
    assert.throws(() => ssc.start(), /already been stopped/);
  });

  it('refuses to start a context stopped before it was started', async () => {
    const { ssc } = newContext();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    await ssc.stop();
    assert.equal(ssc.getState(), 'stopped');
    assert.throws(() => ssc.start(), IllegalStateError);
  });

  it('refuses new inputs, transformations and outputs once started, and once stopped', async () => {
    const { ssc } = newContext();
    const input = ssc.queueStream<number>([]);
    const other = ssc.queueStream<number>([]);
    input.foreachRDD(() => {});
    ssc.start();
    const additions: [string, () => unknown][] = [
      ['map', () => input.map((x) => x)],
      ['filter', () => input.filter(() => true)],
      ['window', () => input.window(2000)],
      ['union', () => input.union(other)],
      ['transform', () => input.transform((rdd) => rdd)],
      ['reduceByKey', () => input.map((x): [number, number] => [x, x]).reduceByKey((a, b) => a + b)],
      ['foreachRDD', () => input.foreachRDD(() => {})],
      ['print', () => input.print()],
      ['queueStream', () => ssc.queueStream<number>([])],
    ];
    for (const [what, add] of additions) {
      assert.throws(
        add,
        (e: unknown) =>
          e instanceof IllegalStateError &&
          /adding new inputs, transformations, and output operations after starting a context is not supported/.test(
            e.message,
          ),
        what,
      );
    }
    await ssc.stop();
    for (const [what, add] of additions) {
      assert.throws(add, /after stopping a context is not supported/, what);
    }
  });

  it('moves through initialized, active and stopped', async () => {
    const { ssc } = newContext();
    const states: string[] = [ssc.getState()];
    ssc.queueStream<number>([]).foreachRDD(() => {});
    ssc.addStreamingListener((e) => {
      if (e.type === 'streamingStarted' || e.type === 'streamingStopped') states.push(`${e.type}:${ssc.getState()}`);
    });
    ssc.start();
    states.push(ssc.getState());
    await ssc.stop();
    states.push(ssc.getState());
    assert.deepEqual(states, [
      'initialized',
      'streamingStarted:active',
      'active',
      'streamingStopped:stopped',
      'stopped',
    ]);
  });
});

describe('StreamingContext.stop', { timeout: 10_000 }, () => {
  it('is graceful by default: batches already generated run to completion before it resolves', async () => {
    const { ssc, clock, log } = newContext();
    const { seen, release } = gatedOutput(ssc.queueStream<number>([[1], [2], [3]]));
    ssc.start();
    clock.advance(3000);
    await log.waitFor('batchSubmitted', (e) => e.batch.batchTime === 3000);

    let stopped = false;
    const stopping = ssc.stop().then(() => {
      stopped = true;
    });
    await settle();
    assert.equal(stopped, false, 'stop must wait for the batches already generated');
    assert.deepEqual(seen, []);
    clock.advance(5000); // no new batch after stop
    release();
    await stopping;
    assert.deepEqual(seen, [1000, 2000, 3000]);
    assert.deepEqual(log.completedTimes(), [1000, 2000, 3000]);
    assert.equal(ssc.getState(), 'stopped');
  });

  it('when graceful, also runs the batches whose time the clock reached but the timer has not ticked yet', async () => {
    for (const stopGracefully of [true, false]) {
      const { ssc, clock, log } = newContext();
      const seen: number[] = [];
      ssc.queueStream<number>([[1], [2], [3]]).foreachRDD((rdd, time) => {
        seen.push(time, ...rdd.collect());
      });
      ssc.start();
      clock.advance(3500);
      await ssc.stop({ stopGracefully }); // in the same turn: no tick has run yet
      assert.deepEqual(seen, stopGracefully ? [1000, 1, 2000, 2, 3000, 3] : [], `stopGracefully ${stopGracefully}`);
      assert.equal(log.of('streamingStopped').length, 1);
    }
  });

  it('when a batch it still generates fails, generates no more, and stops once with that error', async () => {
    const { ssc, clock, log } = newContext();
    ssc.queueStream<number>([[1], [2]]).foreachRDD((_rdd, time) => {
      if (time === 1000) throw new Error('first batch fails');
    });
    const termination = ssc.awaitTermination();
    ssc.start();
    clock.advance(2000);
    await ssc.stop();
    await assert.rejects(termination, /Batch 1000 ms failed in foreachRDD .*first batch fails/);
    assert.deepEqual(log.timeline().slice(1), [
      'batchSubmitted 1000',
      'batchStarted 1000',
      'outputOperationStarted 1000.0',
      'outputOperationCompleted 1000.0',
      'batchCompleted 1000',
      'streamingStopped',
    ]);
    assert.match(String(log.of('streamingStopped')[0].error), /first batch fails/);
  });

  it('with stopGracefully false, drops the batches not yet started and lets the running one finish', async () => {
    const { ssc, clock, log } = newContext();
    const { seen, release } = gatedOutput(ssc.queueStream<number>([[1], [2], [3]]));
    ssc.start();
    clock.advance(3000);
    await log.waitFor('batchSubmitted', (e) => e.batch.batchTime === 3000);
    const stopping = ssc.stop({ stopGracefully: false });
    release();
    await stopping;
    assert.deepEqual(seen, [1000]);
    assert.deepEqual(log.completedTimes(), [1000]);
    assert.deepEqual(
      log.of('batchStarted').map((e) => e.batch.batchTime),
      [1000],
    );
  });

  it('is harmless when called twice, or concurrently, and posts streamingStopped once', async () => {
    const { ssc, clock, log } = newContext();
    const { release } = gatedOutput(ssc.queueStream<number>([[1]]));
    ssc.start();
    clock.advance(1000);
    await log.waitFor('batchStarted');
    const first = ssc.stop();
    const second = ssc.stop({ stopGracefully: false });
    release();
    await Promise.all([first, second]);
    await ssc.stop();
    assert.equal(ssc.getState(), 'stopped');
    assert.equal(log.of('streamingStopped').length, 1);
    assert.equal(log.of('streamingStopped')[0].error, undefined);
  });
});

describe('StreamingContext.awaitTermination', { timeout: 10_000 }, () => {
  it('resolves when the context is stopped, and at once afterwards', async () => {
    const { ssc } = newContext();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    const before = ssc.awaitTermination();
    ssc.start();
    const during = ssc.awaitTermination();
    await ssc.stop();
    await before;
    await during;
    await ssc.awaitTermination();
  });

  it('rejects with the failure that stopped the context, also when called afterwards', async () => {
    const { ssc, clock } = newContext();
    const boom = new Error('boom');
    ssc.queueStream<number>([[1]]).foreachRDD(() => {
      throw boom;
    });
    const termination = ssc.awaitTermination();
    ssc.start();
    clock.advance(1000);
    await assert.rejects(termination, (e: unknown) => e instanceof BatchFailedError && e.cause === boom);
    assert.equal(ssc.getState(), 'stopped');
    await assert.rejects(ssc.awaitTermination(), (e: unknown) => e instanceof BatchFailedError && e.cause === boom);
  });

  it('awaitTerminationOrTimeout: false while running, true once stopped, rejects after a failure', async () => {
    const { ssc, clock } = newContext();
    const boom = new Error('boom');
    ssc.queueStream<number>([[1], [2]]).foreachRDD((_rdd, time) => {
      if (time === 2000) throw boom;
    });
    assert.equal(await ssc.awaitTerminationOrTimeout(0), false, 'not started');
    ssc.start();
    assert.equal(await ssc.awaitTerminationOrTimeout(0), false, 'running');
    // A long timeout does not hold the test: it ends with the failure, and its timer is cleared.
    const long = ssc.awaitTerminationOrTimeout(60_000);
    clock.advance(2000);
    await assert.rejects(long, (e: unknown) => e instanceof BatchFailedError && e.cause === boom);
    await assert.rejects(ssc.awaitTerminationOrTimeout(0), BatchFailedError);
  });

  it('awaitTerminationOrTimeout resolves true when stopped before the timeout', async () => {
    const { ssc } = newContext();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    ssc.start();
    const waiting = ssc.awaitTerminationOrTimeout(60_000);
    await ssc.stop();
    assert.equal(await waiting, true);
    assert.equal(await ssc.awaitTerminationOrTimeout(0), true);
  });
});

describe('the batch-level context', { timeout: 10_000 }, () => {
  it('is reachable from the streaming context, every DStream and every Rdd', async () => {
    const { ssc, clock, log } = newContext();
    const sc = ssc.batchContext;
    assert.ok(sc instanceof BatchContext);
    assert.equal(ssc.sparkContext, sc);

    const input = ssc.queueStream<number>([[1, 2]]);
    const mapped = input.map((x) => x * 2);
    const windowed = mapped.window(2000);
    const unioned = ssc.union([input, mapped]);
    const seenInTransform: Rdd<number>[] = [];
    const transformed = unioned.transform((rdd) => {
      seenInTransform.push(rdd);
      return rdd.map((x) => x);
    });
    const pairs = transformed.map((x): [number, number] => [x % 2, x]).reduceByKey((a, b) => a + b);
    for (const s of [input, mapped, windowed, unioned, transformed, pairs] as DStream<unknown>[]) {
      assert.equal(s.batchContext, sc, String(s));
    }
    const seenInOutput: Rdd<unknown>[] = [];
    pairs.foreachRDD((rdd) => {
      seenInOutput.push(rdd);
    });
    windowed.foreachRDD((rdd) => {
      seenInOutput.push(rdd);
    });
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    assert.equal(seenInTransform.length, 1);
    assert.equal(seenInOutput.length, 2);
    for (const rdd of [...seenInTransform, ...seenInOutput]) assert.equal(rdd.context, sc);
  });

  it('can be shared between contexts through the batchContext option', () => {
    const sc = new BatchContext({ defaultParallelism: 3 });
    const a = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(), batchContext: sc });
    const b = new StreamingContext({ batchDurationMs: 500, clock: new ManualClock(), batchContext: sc });
    assert.equal(a.sparkContext, sc);
    assert.equal(b.queueStream<number>([]).batchContext, sc);
  });
});
