import { InvalidDurationError } from './errors.ts';

/** A point in stream time, in ms since the epoch (or since 0 on a manual clock). */
export type Time = number & { readonly __time: unique symbol };

/** Spark's `Time` operations on plain ms numbers. */
export const Time = {
  of(ms: number): Time {
    return ms as Time;
  },
  /**
   * The latest multiple of `durationMs` (counted from `zeroTime`) at or before `time`, truncating as
   * Spark's `Time.floor` does.
   */
  floor(time: number, durationMs: number, zeroTime = 0): Time {
    return (Math.trunc((time - zeroTime) / durationMs) * durationMs + zeroTime) as Time;
  },
  isMultipleOf(time: number, durationMs: number): boolean {
    return time % durationMs === 0;
  },
  /** Spark's `Time.toString`: `"1000 ms"`. */
  format(time: number): string {
    return `${time} ms`;
  },
} as const;

/** Durations are plain numbers of ms; these helpers mirror Spark's `Durations`. */
export const Duration = {
  milliseconds: (n: number): number => n,
  seconds: (n: number): number => n * 1000,
  minutes: (n: number): number => n * 60_000,
  isMultipleOf: (durationMs: number, ofMs: number): boolean => durationMs % ofMs === 0,
} as const;
export type Duration = number;

/** Throws unless `ms` is a positive integer number of ms; `what` names the option in the message. */
export function requirePositiveDuration(what: string, ms: number): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0) {
    throw new InvalidDurationError(`${what} must be a positive whole number of ms, got ${String(ms)}`);
  }
  return ms;
}
