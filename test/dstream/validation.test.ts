// Bad durations and mismatched streams are rejected while the graph is built, before start(), with a
// message that names the streams and the numbers (Spark checks the same in WindowedDStream,
// UnionDStream and TransformedDStream constructors).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DStream,
  GraphValidationError,
  InvalidDurationError,
  ManualClock,
  StreamingContext,
} from '../../src/index.ts';
import { EventLog, lineHere } from '../support/events.ts';

const FILE = 'test/dstream/validation.test.ts';

function newContext() {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  return { ssc, clock };
}

/** Asserts `build` throws `type` whose message holds every one of `parts`. */
function assertRejected(build: () => unknown, type: new (...args: any[]) => Error, parts: string[]): void {
  assert.throws(build, (e: unknown) => {
    assert.ok(e instanceof type, `expected a ${type.name}, got ${String(e)}`);
    for (const part of parts) assert.ok(e.message.includes(part), `"${part}" missing from: ${e.message}`);
    return true;
  });
}

describe('window durations', { timeout: 10_000 }, () => {
  it('rejects a window that is not a multiple of the parent slide, naming the parent and both numbers', () => {
    const { ssc } = newContext();
    const line = lineHere() + 1;
    const input = ssc.queueStream<number>([]);
    assertRejected(() => input.window(1500), InvalidDurationError, [
      'window duration',
      '1500 ms',
      '1000 ms',
      `queueStream (stream ${input.id}) at ${FILE}:${line}`,
    ]);
    assert.equal(ssc.getState(), 'initialized');
  });

  it('rejects a slide that is not a multiple of the parent slide', () => {
    const { ssc } = newContext();
    const input = ssc.queueStream<number>([]);
    assertRejected(() => input.window(3000, 1500), InvalidDurationError, [
      'slide duration',
      '1500 ms',
      '1000 ms',
      `queueStream (stream ${input.id})`,
    ]);
  });

  it("checks against the parent's slide, not the batch duration, for a window of a window", () => {
    const { ssc } = newContext();
    const line = lineHere() + 1;
    const windowed = ssc.queueStream<number>([]).window(4000, 2000);
    assert.equal(windowed.slideDurationMs, 2000);
    assertRejected(() => windowed.window(3000), InvalidDurationError, [
      '3000 ms',
      '2000 ms',
      `window (stream ${windowed.id}) at ${FILE}:${line}`,
    ]);
    assertRejected(() => windowed.window(4000, 1000), InvalidDurationError, ['slide duration', '1000 ms', '2000 ms']);
    assert.equal(windowed.window(6000, 4000).slideDurationMs, 4000);
  });

  for (const [windowMs, slideMs] of [
    [0, 1000],
    [-1000, 1000],
    [2000, 0],
    [2000, -1000],
    [Number.NaN, 1000],
    [2000.5, 1000],
  ]) {
    it(`rejects window(${windowMs}, ${slideMs})`, () => {
      const { ssc } = newContext();
      assertRejected(() => ssc.queueStream<number>([]).window(windowMs, slideMs), InvalidDurationError, [
        `${Number.isNaN(windowMs) || windowMs <= 0 || !Number.isInteger(windowMs) ? windowMs : slideMs} ms`,
      ]);
    });
  }
});

describe('streams combined batch by batch must have the same slide', { timeout: 10_000 }, () => {
  function twoSlides() {
    const { ssc, clock } = newContext();
    const line = lineHere() + 1;
    const fast = ssc.queueStream<[string, number]>([]);
    const slow = ssc.queueStream<[string, number]>([]).window(2000, 2000);
    return { ssc, clock, fast, slow, line };
  }

  /** The message names both streams (kind, id and creation site) and both slides. */
  function namesBoth(fast: DStream<unknown>, slow: DStream<unknown>, line: number): string[] {
    return [
      `queueStream (stream ${fast.id}) at ${FILE}:${line} slides every 1000 ms`,
      `window (stream ${slow.id}) at ${FILE}:${line + 1} slides every 2000 ms`,
    ];
  }

  const combinations: [string, (a: DStream<[string, number]>, b: DStream<[string, number]>) => unknown][] = [
    ['union', (a, b) => a.union(b)],
    ['transformWith', (a, b) => a.transformWith(b, (x) => x)],
    ['join', (a, b) => a.join(b)],
    ['leftOuterJoin', (a, b) => a.leftOuterJoin(b)],
    ['fullOuterJoin', (a, b) => a.fullOuterJoin(b)],
    ['cogroup', (a, b) => a.cogroup(b)],
  ];
  for (const [name, combine] of combinations) {
    it(`${name} of a 1000 ms stream and a 2000 ms stream is a GraphValidationError naming both`, () => {
      const { fast, slow, line } = twoSlides();
      assertRejected(() => combine(fast, slow), GraphValidationError, [
        'different slide durations',
        ...namesBoth(fast, slow, line),
      ]);
    });
  }

  it('StreamingContext.union and StreamingContext.transform check the same', () => {
    const { ssc, fast, slow, line } = twoSlides();
    assertRejected(() => ssc.union([fast, slow]), GraphValidationError, namesBoth(fast, slow, line));
    assertRejected(
      () => ssc.transform([fast, slow], (rdds) => rdds[0]),
      GraphValidationError,
      namesBoth(fast, slow, line),
    );
  });

  it('an empty list of streams to union or transform is a GraphValidationError', () => {
    const { ssc } = newContext();
    assertRejected(() => ssc.union([]), GraphValidationError, ['union', 'empty']);
    assertRejected(() => ssc.transform([], (rdds) => rdds[0]), GraphValidationError, ['transform', 'empty']);
  });

  it('streams of two different contexts cannot be combined', () => {
    const a = newContext().ssc.queueStream<number>([]);
    const b = newContext().ssc.queueStream<number>([]);
    assertRejected(() => a.union(b), GraphValidationError, ['different contexts']);
  });

  it('a rejected operation leaves the graph as it was: ids stay consecutive and the context still runs', async () => {
    const { ssc, clock, fast, slow } = twoSlides();
    assert.throws(() => fast.union(slow), GraphValidationError);
    assert.throws(() => fast.window(1500), InvalidDurationError);
    const next = fast.map((p) => p);
    assert.equal(next.id, slow.id + 1, 'no id was taken by the rejected streams');
    const seen: number[] = [];
    next.foreachRDD((_rdd, t) => {
      seen.push(t);
    });
    const log = new EventLog(ssc);
    ssc.start();
    clock.advance(1000);
    await log.batchCompleted(1000);
    await ssc.stop();
    assert.deepEqual(seen, [1000]);
  });
});
