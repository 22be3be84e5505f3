import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Duration, InvalidDurationError, StreamingContext, Time } from '../../src/index.ts';

describe('Time and Duration (Spark rules, in ms)', () => {
  it('floors to a multiple of a duration, from zero or from a zero time', () => {
    assert.equal(Time.floor(3500, 1000), 3000);
    assert.equal(Time.floor(3000, 1000), 3000);
    assert.equal(Time.floor(3500, 1000, 250), 3250);
    assert.equal(Time.floor(999, 1000), 0);
  });

  it('tells multiples apart', () => {
    assert.equal(Time.isMultipleOf(3000, 1000), true);
    assert.equal(Time.isMultipleOf(3500, 1000), false);
    assert.equal(Duration.isMultipleOf(Duration.seconds(3), Duration.milliseconds(500)), true);
    assert.equal(Duration.minutes(2), 120_000);
  });

  it("formats a time as Spark's Time.toString does", () => {
    assert.equal(Time.format(1000), '1000 ms');
  });

  it('rejects a batch duration that is not a positive whole number of ms, naming it', () => {
    for (const bad of [0, -1000, 1.5, Number.NaN]) {
      assert.throws(
        () => new StreamingContext({ batchDurationMs: bad }),
        (e: Error) =>
          e instanceof InvalidDurationError && e.message.includes('batchDurationMs') && e.message.includes(String(bad)),
      );
    }
  });
});
