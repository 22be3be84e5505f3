import { type Clock, SystemClock } from '../core/index.ts';

/**
 * Calls `onTick(t)` for t = start, start + period, … as the clock reaches each (Spark's
 * `RecurringTimer`). Ticks are never skipped: a clock that jumps ahead gets every tick in between.
 *
 * While ticks come on time, a clock with {@link Clock.every} wakes the timer periodically: no timer is
 * made per tick, which at a slow interval, where every tick starts cold, is a good part of a batch's
 * cost. A wake-up off the tick times (late after a long batch, or early because the wall clock was
 * moved) goes back to one scheduled callback per tick until the timer is on time again; so does a clock
 * without `every` (a manual clock).
 */
export class RecurringTimer {
  readonly #clock: Clock;
  readonly #periodMs: number;
  readonly #onTick: (time: number) => void;
  #cancel: (() => void) | undefined;
  #nextTime = 0;

  constructor(clock: Clock, periodMs: number, onTick: (time: number) => void) {
    this.#clock = clock;
    this.#periodMs = periodMs;
    this.#onTick = onTick;
  }

  /** The first multiple of the period strictly after now. */
  getStartTime(): number {
    return (Math.floor(this.#clock.getTimeMillis() / this.#periodMs) + 1) * this.#periodMs;
  }

  start(startTime: number = this.getStartTime()): number {
    this.#nextTime = startTime;
    this.#arm();
    return startTime;
  }

  /** Stops ticking; returns the last time ticked. */
  stop(): number {
    this.#cancel?.();
    this.#cancel = undefined;
    return this.#nextTime - this.#periodMs;
  }

  #arm(): void {
    this.#cancel = this.#clock.schedule(this.#nextTime, this.#fire);
  }

  readonly #fire = (): void => {
    if (this.#cancel === undefined) return;
    const time = this.#nextTime;
    this.#nextTime += this.#periodMs;
    // Armed before the tick's work: Node measures a timeout from the event loop's cached time, which the
    // work would make stale, so a timer armed after it fires early and has to wake a second time.
    if (!this.#startWaking(time)) this.#arm();
    this.#onTick(time);
  };

  /** Hands the next ticks to the clock's periodic wake-ups when tick `time` has come on time. */
  #startWaking(time: number): boolean {
    if (this.#clock.every === undefined || !this.#onTime(time)) return false;
    this.#cancel = this.#clock.every(this.#periodMs, this.#wake);
    return true;
  }

  readonly #wake = (): void => {
    const cancel = this.#cancel;
    if (cancel === undefined) return;
    const time = this.#nextTime;
    if (!this.#onTime(time)) {
      cancel();
      this.#arm();
      return;
    }
    this.#nextTime += this.#periodMs;
    this.#onTick(time);
  };

  #onTime(time: number): boolean {
    return Math.abs(this.#clock.getTimeMillis() - time) <= SystemClock.resolutionMs;
  }
}
