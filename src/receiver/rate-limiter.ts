import { InvalidArgumentError } from '../core/index.ts';

/**
 * Hands out permits at `ratePerSecond` on a clock's time (Spark's receiver `RateLimiter`, a smooth
 * bursty limiter): permits are spaced 1000 / rate ms apart, a caller that waited less than that pays for
 * the next one in advance, and up to one second of unused permits is saved while idle, so a quiet
 * receiver may burst. `reserve` answers *when* a permit is free; the caller waits for that moment.
 */
export class RateLimiter {
  readonly ratePerSecond: number;
  readonly #intervalMs: number;
  #nextFreeMs: number | undefined;
  #stored = 0;

  /** @throws {InvalidArgumentError} when the rate is not a number > 0. */
  constructor(ratePerSecond: number) {
    if (typeof ratePerSecond !== 'number' || !(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new InvalidArgumentError(`maxRatePerSecond must be a number > 0, got ${String(ratePerSecond)}`);
    }
    this.ratePerSecond = ratePerSecond;
    this.#intervalMs = 1000 / ratePerSecond;
  }

  /** Reserves `permits` permits at clock time `nowMs`; returns the time from which they may be used. */
  reserve(nowMs: number, permits = 1): number {
    let next = this.#nextFreeMs ?? nowMs;
    if (nowMs > next) {
      this.#stored = Math.min(this.ratePerSecond, this.#stored + (nowMs - next) / this.#intervalMs);
      next = nowMs;
    }
    const fromStore = Math.min(permits, this.#stored);
    this.#stored -= fromStore;
    this.#nextFreeMs = next + (permits - fromStore) * this.#intervalMs;
    return next;
  }
}
