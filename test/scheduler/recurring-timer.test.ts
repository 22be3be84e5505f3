import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock, SystemClock } from '../../src/core/index.ts';
import { RecurringTimer } from '../../src/scheduler/index.ts';
import { settle } from '../support/events.ts';

function newTimer(startMs = 0, periodMs = 1000) {
  const clock = new ManualClock(startMs);
  const ticks: number[] = [];
  const timer = new RecurringTimer(clock, periodMs, (t) => ticks.push(t));
  return { clock, ticks, timer };
}

describe('RecurringTimer', { timeout: 10_000 }, () => {
  it('starts at the first multiple of the period strictly after now', () => {
    assert.equal(newTimer(0).timer.getStartTime(), 1000);
    assert.equal(newTimer(999).timer.getStartTime(), 1000);
    assert.equal(newTimer(1000).timer.getStartTime(), 2000);
    assert.equal(newTimer(1500, 300).timer.getStartTime(), 1800);
  });

  it('ticks at start, start + period, … as the clock reaches each, and not before', async () => {
    const { clock, ticks, timer } = newTimer();
    assert.equal(timer.start(), 1000);
    await settle();
    assert.deepEqual(ticks, []);
    clock.setTime(999);
    await settle();
    assert.deepEqual(ticks, []);
    clock.setTime(1000);
    await settle();
    assert.deepEqual(ticks, [1000]);
    clock.setTime(2500);
    await settle();
    assert.deepEqual(ticks, [1000, 2000]);
    timer.stop();
  });

  it('gives every tick in order when the clock jumps several periods', async () => {
    const { clock, ticks, timer } = newTimer();
    timer.start();
    clock.setTime(4000);
    await settle();
    assert.deepEqual(ticks, [1000, 2000, 3000, 4000]);
    timer.stop();
  });

  it('starts where it is told to', async () => {
    const { clock, ticks, timer } = newTimer();
    assert.equal(timer.start(3000), 3000);
    clock.setTime(4000);
    await settle();
    assert.deepEqual(ticks, [3000, 4000]);
    timer.stop();
  });

  it('stops ticking when stopped, and returns the last time it ticked', async () => {
    const { clock, ticks, timer } = newTimer();
    timer.start();
    clock.setTime(2000);
    await settle();
    assert.equal(timer.stop(), 2000);
    clock.setTime(10_000);
    await settle();
    assert.deepEqual(ticks, [1000, 2000]);
  });

  it('stopped before its first tick, returns the time before the start and never ticks', async () => {
    const { clock, ticks, timer } = newTimer();
    timer.start();
    assert.equal(timer.stop(), 0);
    clock.setTime(5000);
    await settle();
    assert.deepEqual(ticks, []);
  });

  it('does not tick for a time reached in the same turn as the stop', async () => {
    const { clock, ticks, timer } = newTimer();
    timer.start();
    clock.setTime(1000);
    timer.stop();
    await settle();
    assert.deepEqual(ticks, []);
  });
});

describe('RecurringTimer on the system clock', { timeout: 10_000 }, () => {
  it('gives every tick once, in order and never before its time, also after the event loop was blocked', async () => {
    const clock = new SystemClock();
    const ticks: number[] = [];
    let early = 0;
    let blocked = false;
    const done = new Promise<void>((resolve) => {
      const timer = new RecurringTimer(clock, 5, (t) => {
        if (clock.getTimeMillis() < t - SystemClock.resolutionMs) early++;
        ticks.push(t);
        if (ticks.length === 10 && !blocked) {
          blocked = true;
          // Blocks the event loop for several periods: the ticks missed meanwhile must all come.
          const until = Date.now() + 23;
          while (Date.now() < until) {}
        }
        if (ticks.length === 40) {
          timer.stop();
          resolve();
        }
      });
      timer.start();
    });
    await done;
    assert.equal(early, 0);
    for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i] - ticks[i - 1], 5, `tick ${i} of ${ticks.join(', ')}`);
  });
});
