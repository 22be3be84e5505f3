import type { Clock } from '../core/index.ts';

/**
 * Calls `onTick(t)` for t = start, start + period, … as the clock reaches each (Spark's
 * `RecurringTimer`). Ticks are never skipped: a clock that jumps ahead gets every tick in between.
 */
export class RecurringTimer {
  readonly #clock: Clock;
  readonly #periodMs: number;
  readonly #onTick: (time: number) => void;
  #abort: AbortController | undefined;
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
    const abort = new AbortController();
    this.#abort = abort;
    void this.#loop(abort.signal);
    return startTime;
  }

  /** Stops ticking; returns the last time ticked. */
  stop(): number {
    this.#abort?.abort();
    this.#abort = undefined;
    return this.#nextTime - this.#periodMs;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const reached = await this.#clock.waitTillTime(this.#nextTime, signal);
      if (reached === undefined || signal.aborted) return;
      const time = this.#nextTime;
      this.#nextTime += this.#periodMs;
      this.#onTick(time);
    }
  }
}
