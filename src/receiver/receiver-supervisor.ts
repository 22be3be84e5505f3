import { type Clock, describe, IllegalStateError } from '../core/index.ts';
import { BlockGenerator } from './block-generator.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { Receiver, ReceiverHost } from './receiver.ts';
import type { ReceiverEvent } from './receiver-event.ts';

/** How a supervisor runs its receiver; validated by the stream. */
export interface SupervisorSettings {
  readonly blockIntervalMs: number;
  readonly maxRatePerSecond: number | undefined;
  readonly restartDelayMs: number;
}

type ReceiverState = 'initialized' | 'started' | 'stopped';
const RESOLVED = Promise.resolve();

/**
 * Runs one receiver for its stream (Spark's `ReceiverSupervisorImpl`): starts and stops it, restarts it
 * after a delay, admits stored records through the rate limit into the block generator, and hands each
 * completed block to `storeBlock` (which may write it to the write-ahead log and return a promise of its
 * durability; a throw or a rejection there is the store's failure). Waits are on the context's clock, so a manual clock drives everything.
 */
export class ReceiverSupervisor<T> implements ReceiverHost<T> {
  readonly streamId: number;
  readonly generator: BlockGenerator<T>;
  readonly #receiver: Receiver<T>;
  readonly #clock: Clock;
  readonly #settings: SupervisorSettings;
  readonly #limiter: RateLimiter | undefined;
  readonly #storeBlock: (records: T[]) => Promise<void> | undefined;
  readonly #report: (event: ReceiverEvent) => void;
  readonly #abort = new AbortController();
  #state: ReceiverState = 'initialized';
  /** Stopped for good: by the receiver's `stop` or the context's. */
  #closed = false;
  #cancelRestart: (() => void) | undefined;
  #failure: { readonly message: string; readonly error: unknown } | undefined;

  constructor(
    streamId: number,
    receiver: Receiver<T>,
    clock: Clock,
    settings: SupervisorSettings,
    storeBlock: (records: T[]) => Promise<void> | undefined,
    report: (event: ReceiverEvent) => void,
  ) {
    this.streamId = streamId;
    this.#receiver = receiver;
    this.#clock = clock;
    this.#settings = settings;
    this.#limiter = settings.maxRatePerSecond === undefined ? undefined : new RateLimiter(settings.maxRatePerSecond);
    this.#storeBlock = storeBlock;
    this.#report = report;
    this.generator = new BlockGenerator(clock, settings.blockIntervalMs, (records) => this.#sealed(records));
    receiver.attach(this);
  }

  start(): void {
    this.#startReceiver();
  }

  /** Why the receiver failed its stream (`fail`), if it did. */
  get failure(): { readonly message: string; readonly error: unknown } | undefined {
    return this.#failure;
  }

  /** The context stops: the receiver stops, waiting stores are refused, the buffered records become a last block. */
  close(): void {
    this.#cancelRestart?.();
    this.#cancelRestart = undefined;
    this.#stopReceiver('the streaming context stopped', undefined);
    this.#closed = true;
    this.#abort.abort();
    this.generator.flush();
  }

  isStarted(): boolean {
    return this.#state === 'started';
  }
  isStopped(): boolean {
    return this.#state === 'stopped';
  }

  store(record: T): Promise<void> {
    const refused = this.#refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const now = this.#clock.getTimeMillis();
    const at = this.#limiter?.reserve(now) ?? now;
    if (at <= now) {
      this.generator.add(record);
      return RESOLVED;
    }
    return this.#clock.waitTillTime(Math.ceil(at), this.#abort.signal).then((t) => {
      if (t === undefined) throw this.#refusal();
      this.generator.add(record);
    });
  }

  async storeAll(records: T[]): Promise<void> {
    const refused = this.#refusal();
    if (refused !== undefined) throw refused;
    if (records.length === 0) return;
    const now = this.#clock.getTimeMillis();
    const at = this.#limiter?.reserve(now, records.length) ?? now;
    if (at > now && (await this.#clock.waitTillTime(Math.ceil(at), this.#abort.signal)) === undefined) {
      throw this.#refusal();
    }
    // The records stored one by one before these come first.
    this.generator.flush();
    await this.#storeBlock(records);
  }

  reportError(message: string, error: unknown): void {
    this.#report({
      type: 'receiverError',
      streamId: this.streamId,
      name: this.#receiver.name,
      message,
      error,
      time: this.#clock.getTimeMillis(),
    });
  }

  restart(message: string, error: unknown, delayMs: number | undefined): void {
    if (this.#closed || this.#cancelRestart !== undefined) return;
    if (error !== undefined) this.reportError(message, error);
    this.#stopReceiver(message, error);
    const delay = delayMs ?? this.#settings.restartDelayMs;
    this.#cancelRestart = this.#clock.schedule(this.#clock.getTimeMillis() + delay, () => {
      this.#cancelRestart = undefined;
      if (!this.#closed) this.#startReceiver();
    });
  }

  stop(message: string, error: unknown): void {
    if (this.#closed) return;
    if (error !== undefined) this.reportError(message, error);
    this.#closed = true;
    this.#cancelRestart?.();
    this.#cancelRestart = undefined;
    this.#stopReceiver(message, error);
    this.generator.flush();
  }

  fail(message: string, error: unknown): void {
    if (this.#closed) return;
    this.#failure = { message, error };
    this.stop(message, error ?? new Error(message));
  }

  #startReceiver(): void {
    let started: void | Promise<void>;
    try {
      started = this.#receiver.onStart();
    } catch (e) {
      this.#state = 'stopped';
      this.restart(`error starting receiver ${this.#receiver.name}: ${describe(e)}`, e, undefined);
      return;
    }
    this.#state = 'started';
    this.#report({
      type: 'receiverStarted',
      streamId: this.streamId,
      name: this.#receiver.name,
      time: this.#clock.getTimeMillis(),
    });
    if (started instanceof Promise) {
      started.catch((e: unknown) =>
        this.restart(`error starting receiver ${this.#receiver.name}: ${describe(e)}`, e, undefined),
      );
    }
  }

  #stopReceiver(message: string, error: unknown): void {
    if (this.#state !== 'started') {
      this.#state = 'stopped';
      return;
    }
    this.#state = 'stopped';
    const onStopFailed = (e: unknown): void =>
      this.reportError(`error stopping receiver ${this.#receiver.name}: ${describe(e)}`, e);
    try {
      const stopped = this.#receiver.onStop();
      if (stopped instanceof Promise) stopped.catch(onStopFailed);
    } catch (e) {
      onStopFailed(e);
    }
    this.#report({
      type: 'receiverStopped',
      streamId: this.streamId,
      name: this.#receiver.name,
      message,
      ...(error === undefined ? {} : { error }),
      time: this.#clock.getTimeMillis(),
    });
  }

  #sealed(records: T[]): void {
    // These records were stored one at a time and never acknowledged: a failure is reported as a loss,
    // and the receiver keeps receiving.
    const lost = (e: unknown): void =>
      this.reportError(`could not store a block of ${records.length} records: ${describe(e)}`, e);
    try {
      this.#storeBlock(records)?.catch(lost);
    } catch (e) {
      lost(e);
    }
  }

  #refusal(): IllegalStateError | undefined {
    if (this.#closed) {
      return new IllegalStateError(`receiver ${this.#receiver.name} of stream ${this.streamId} has stopped`);
    }
    if (this.#state === 'initialized') {
      return new IllegalStateError(`receiver ${this.#receiver.name} is not started: its context's start() starts it`);
    }
    return undefined;
  }
}
