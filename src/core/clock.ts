/** Where all time comes from: batches, timers and delays read a clock, never `Date.now()` directly. */
export interface Clock {
  getTimeMillis(): number;
  /**
   * Resolves with the clock's time once it is at or past `targetMs`. When `signal` aborts first, the
   * promise resolves with `undefined` and no timer is left behind.
   */
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined>;
  readonly kind: 'system' | 'manual';
}

/** Wall-clock time with timers. */
export class SystemClock implements Clock {
  readonly kind = 'system';
  getTimeMillis(): number {
    return Date.now();
  }
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined> {
    const now = Date.now();
    if (now >= targetMs) return Promise.resolve(now);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(undefined);
      };
      const check = (): void => {
        const t = Date.now();
        if (t >= targetMs) {
          signal?.removeEventListener('abort', onAbort);
          resolve(t);
        } else timer = setTimeout(check, targetMs - t);
      };
      timer = setTimeout(check, targetMs - now);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** Time that moves only when told to: `setTime` and `advance`. Tests never sleep. */
export class ManualClock implements Clock {
  readonly kind = 'manual';
  #time: number;
  #waiters: { target: number; resolve: (t: number | undefined) => void }[] = [];

  constructor(startMs = 0) {
    this.#time = startMs;
  }
  getTimeMillis(): number {
    return this.#time;
  }
  setTime(ms: number): void {
    this.#time = ms;
    this.#wake();
  }
  advance(ms: number): void {
    this.setTime(this.#time + ms);
  }
  waitTillTime(targetMs: number, signal?: AbortSignal): Promise<number | undefined> {
    if (this.#time >= targetMs) return Promise.resolve(this.#time);
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      // The abort listener goes when the wait ends: a timer reuses one signal for every tick, and
      // listeners left behind would pile up on it, one per batch.
      const waiter = {
        target: targetMs,
        resolve: (t: number | undefined): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(t);
        },
      };
      this.#waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
  #wake(): void {
    const due = this.#waiters.filter((w) => w.target <= this.#time);
    if (due.length === 0) return;
    this.#waiters = this.#waiters.filter((w) => w.target > this.#time);
    for (const w of due) w.resolve(this.#time);
  }
}
