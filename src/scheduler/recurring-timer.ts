import type { Clock } from '../core/index.ts';

/**
 * Calls `onTick(t)` for t = start, start + period, … as the clock reaches each (Spark's
 * `RecurringTimer`). Ticks are never skipped: a clock that jumps ahead gets every tick in between.
 * One scheduled callback per tick, no promise: this runs every few ms.
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
    this.#arm();
    this.#onTick(time);
  };
}
