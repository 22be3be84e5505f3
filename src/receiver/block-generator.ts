import type { Clock } from '../core/index.ts';

/**
 * Cuts records stored one at a time into blocks, one per block interval of the clock (Spark's
 * `BlockGenerator`). A record stored at clock time `now` belongs to the interval holding `now`; the block
 * of an interval is sealed once the clock reaches the interval's end, when the next record arrives, when a
 * batch asks for the blocks completed before its time ({@link sealUpTo}), or on {@link flush}. No timer
 * runs while the buffer is empty.
 */
export class BlockGenerator<T> {
  readonly blockIntervalMs: number;
  readonly #clock: Clock;
  readonly #onBlock: (records: T[]) => void;
  #buffer: T[] = [];
  #bufferEndMs = 0;
  #cancelTimer: (() => void) | undefined;

  constructor(clock: Clock, blockIntervalMs: number, onBlock: (records: T[]) => void) {
    this.#clock = clock;
    this.blockIntervalMs = blockIntervalMs;
    this.#onBlock = onBlock;
  }

  /** Records waiting for their interval to end. */
  get buffered(): number {
    return this.#buffer.length;
  }

  add(record: T): void {
    const now = this.#clock.getTimeMillis();
    if (now >= this.#bufferEndMs) this.#seal();
    if (this.#buffer.length === 0) {
      const interval = this.blockIntervalMs;
      this.#bufferEndMs = Math.floor(now / interval) * interval + interval;
      this.#cancelTimer = this.#clock.schedule(this.#bufferEndMs, (t) => this.sealUpTo(t));
    }
    this.#buffer.push(record);
  }

  /** Seals the buffered block if its interval ended at or before `timeMs`. */
  sealUpTo(timeMs: number): void {
    if (this.#buffer.length > 0 && this.#bufferEndMs <= timeMs) this.#seal();
  }

  /** Seals whatever is buffered now, its interval ended or not (before a multi-record store, and on stop). */
  flush(): void {
    this.#seal();
  }

  #seal(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#buffer.length === 0) return;
    const records = this.#buffer;
    this.#buffer = [];
    this.#onBlock(records);
  }
}
