import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clock, ManualClock, SystemClock } from '../../src/core/index.ts';
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

/**
 * A manual clock that also wakes periodically, as the system clock does: `wakeAt(t)` moves the time to t
 * and runs the periodic wake-ups, so a test decides when each comes, on time or not.
 */
class PeriodicTestClock implements Clock {
  readonly kind = 'manual';
  readonly #manual: ManualClock;
  #onWake: (() => void) | undefined;
  #wakingSince = 0;
  scheduled = 0;
  periodicStarts = 0;

  constructor(startMs: number) {
    this.#manual = new ManualClock(startMs);
  }
  getTimeMillis(): number {
    return this.#manual.getTimeMillis();
  }
  schedule(targetMs: number, callback: (timeMs: number) => void): () => void {
    this.scheduled++;
    return this.#manual.schedule(targetMs, callback);
  }
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined> {
    return this.#manual.waitTillTime(targetMs, signal);
  }
  every(_periodMs: number, onWake: () => void): () => void {
    this.periodicStarts++;
    this.#onWake = onWake;
    this.#wakingSince = this.getTimeMillis();
    return () => {
      if (this.#onWake === onWake) this.#onWake = undefined;
    };
  }
  get waking(): boolean {
    return this.#onWake !== undefined;
  }
  async wakeAt(ms: number): Promise<void> {
    this.#manual.setTime(ms);
    await settle();
    // Like an interval, a periodic wake-up comes after the time it was set up at, not at it.
    if (ms > this.#wakingSince) this.#onWake?.();
    await settle();
  }
}

describe('RecurringTimer on a clock that wakes periodically', { timeout: 10_000 }, () => {
  function periodicTimer() {
    const clock = new PeriodicTestClock(0);
    const ticks: number[] = [];
    const timer = new RecurringTimer(clock, 1000, (t) => ticks.push(t));
    return { clock, ticks, timer };
  }

  it('schedules the first tick, then keeps time with the periodic wake-ups alone', async () => {
    const { clock, ticks, timer } = periodicTimer();
    timer.start();
    await clock.wakeAt(1000);
    for (const t of [2000, 3000, 4000, 5000]) await clock.wakeAt(t);
    assert.deepEqual(ticks, [1000, 2000, 3000, 4000, 5000]);
    assert.equal(clock.scheduled, 1);
    assert.equal(clock.periodicStarts, 1);
    timer.stop();
    assert.equal(clock.waking, false);
  });

  it('after a late wake-up, catches up every tick one by one, then wakes periodically again', async () => {
    const { clock, ticks, timer } = periodicTimer();
    timer.start();
    await clock.wakeAt(1000);
    await clock.wakeAt(2000);
    // A long batch: the next wake-up comes 2.5 periods late.
    await clock.wakeAt(5500);
    assert.deepEqual(ticks, [1000, 2000, 3000, 4000, 5000]);
    assert.equal(clock.waking, false, 'late ticks are not on time: no periodic wake-ups while catching up');
    await clock.wakeAt(6000);
    assert.deepEqual(ticks, [1000, 2000, 3000, 4000, 5000, 6000]);
    assert.equal(clock.waking, true, 'on time again');
    await clock.wakeAt(7000);
    assert.deepEqual(ticks.slice(-2), [6000, 7000]);
    timer.stop();
  });

  it('never ticks early when a wake-up comes before the tick time (the wall clock was set back)', async () => {
    const { clock, ticks, timer } = periodicTimer();
    timer.start();
    await clock.wakeAt(1000);
    await clock.wakeAt(1500);
    assert.deepEqual(ticks, [1000]);
    await clock.wakeAt(1999);
    assert.deepEqual(ticks, [1000], 'a periodic wake-up was given up for a one-shot at the tick time');
    await clock.wakeAt(2000);
    assert.deepEqual(ticks, [1000, 2000]);
    timer.stop();
  });

  it('ticks no more once stopped, even if a periodic wake-up was already due', async () => {
    const { clock, ticks, timer } = periodicTimer();
    timer.start();
    await clock.wakeAt(1000);
    assert.equal(timer.stop(), 1000);
    await clock.wakeAt(2000);
    await clock.wakeAt(3000);
    assert.deepEqual(ticks, [1000]);
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
