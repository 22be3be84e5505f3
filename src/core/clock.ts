/** Where all time comes from: batches, timers and delays read a clock, never `Date.now()` directly. */
export interface Clock {
  getTimeMillis(): number;
  /**
   * Calls `callback` with the clock's time once it is at or past `targetMs` (asynchronously, even when
   * that time has already come). The returned function cancels the call if it has not happened yet.
   */
  schedule(targetMs: number, callback: (timeMs: number) => void): () => void;
  /**
   * Resolves with the clock's time once it is at or past `targetMs`. When `signal` aborts first, the
   * promise resolves with `undefined` and no timer is left behind.
   */
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined>;
  readonly kind: 'system' | 'manual';
}

function waitOn(clock: Clock, targetMs: number, signal: AbortSignal | undefined): Promise<number | undefined> {
  if (signal?.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    // The abort listener goes when the wait ends: a caller may reuse one signal for many waits, and
    // listeners left behind would pile up on it.
    const onAbort = (): void => {
      cancel();
      resolve(undefined);
    };
    const cancel = clock.schedule(targetMs, (t) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(t);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Wall-clock time with timers, to the millisecond: a scheduled callback runs when the wall clock reads
 * the target or at most {@link SystemClock.resolutionMs} before it, and is given the target then.
 */
export class SystemClock implements Clock {
  static readonly resolutionMs = 1;
  readonly kind = 'system';
  getTimeMillis(): number {
    return Date.now();
  }
  schedule(targetMs: number, callback: (timeMs: number) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const check = (): void => {
      const t = Date.now();
      // Node's timers and Date.now() tick on different millisecond boundaries, so a timer often wakes
      // when the wall clock still reads one ms short. Within that resolution the time has come; waiting
      // out the remainder would cost a second wake-up, which dominates the cost of a slow batch interval.
      if (t >= targetMs - SystemClock.resolutionMs) callback(Math.max(t, targetMs));
      else timer = setTimeout(check, targetMs - t);
    };
    const now = Date.now();
    // A time already passed (a timer that fell behind) still yields to I/O before the callback.
    if (now >= targetMs) immediate = setImmediate(check);
    else timer = setTimeout(check, targetMs - now);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      if (immediate !== undefined) clearImmediate(immediate);
    };
  }
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined> {
    return waitOn(this, targetMs, signal);
  }
}

interface Scheduled {
  readonly target: number;
  readonly callback: (timeMs: number) => void;
}

/** Time that moves only when told to: `setTime` and `advance`. Tests never sleep. */
export class ManualClock implements Clock {
  readonly kind = 'manual';
  #time: number;
  #pending: Scheduled[] = [];

  constructor(startMs = 0) {
    this.#time = startMs;
  }
  getTimeMillis(): number {
    return this.#time;
  }
  setTime(ms: number): void {
    this.#time = ms;
    const due = this.#pending.filter((s) => s.target <= ms);
    if (due.length === 0) return;
    this.#pending = this.#pending.filter((s) => s.target > ms);
    for (const s of due) this.#fire(s);
  }
  advance(ms: number): void {
    this.setTime(this.#time + ms);
  }
  schedule(targetMs: number, callback: (timeMs: number) => void): () => void {
    let cancelled = false;
    const guarded: Scheduled = {
      target: targetMs,
      callback: (t) => {
        if (!cancelled) callback(t);
      },
    };
    if (this.#time >= targetMs) this.#fire(guarded);
    else this.#pending.push(guarded);
    return () => {
      cancelled = true;
      this.#pending = this.#pending.filter((s) => s !== guarded);
    };
  }
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined> {
    return waitOn(this, targetMs, signal);
  }
  #fire(s: Scheduled): void {
    queueMicrotask(() => s.callback(this.#time));
  }
}
