import { IllegalStateError } from '../core/index.ts';

/** What a running receiver talks to: the stream's supervisor. */
export interface ReceiverHost<T> {
  readonly streamId: number;
  store(record: T): Promise<void>;
  storeAll(records: T[]): Promise<void>;
  reportError(message: string, error: unknown): void;
  restart(message: string, error: unknown, delayMs: number | undefined): void;
  stop(message: string, error: unknown): void;
  fail(message: string, error: unknown): void;
  isStarted(): boolean;
  isStopped(): boolean;
}

/**
 * A custom source (Spark's `Receiver`): subclass it, implement `onStart` (begin receiving — open
 * connections, start timers; return promptly) and `onStop` (release what `onStart` took), and hand records
 * to {@link store} or {@link storeAll}. Register it with `ssc.receiverStream(receiver)`; the context starts
 * it with the program and stops it on `stop()`. One instance serves one stream.
 *
 * Records are cut into blocks every block interval; each batch reads the blocks completed before its
 * time, one partition per block.
 */
export abstract class Receiver<T> {
  #host: ReceiverHost<T> | undefined;

  /** Starts receiving. A throw (or a rejected promise) is reported and the receiver restarted after the restart delay. */
  abstract onStart(): void | Promise<void>;
  /** Stops receiving: called on `stop()`, on the context's stop and before each restart. */
  abstract onStop(): void | Promise<void>;

  /** The receiver's name in events and errors; the class name unless overridden. */
  get name(): string {
    return this.constructor.name;
  }

  /** The id of the stream this receiver feeds. @throws {IllegalStateError} before the stream started it */
  get streamId(): number {
    return this.#attached().streamId;
  }

  /**
   * Stores one record into the current block (Spark's `store(dataItem)`). Resolves once the rate limit
   * admits it (at once without a limit); the record is not yet durable then, so a receiver that must
   * acknowledge its source uses {@link storeAll}.
   * @throws {IllegalStateError} (as a rejection) when the receiver or its context has stopped
   */
  store(record: T): Promise<void> {
    return this.#attached().store(record);
  }

  /**
   * Stores records as one block of their own (Spark's `store(ArrayBuffer)`). Resolves once the block is
   * stored — with the write-ahead log, written and fsynced (the blocks stored in one turn of the event
   * loop share one fsync) — so a reliable receiver acknowledges its source when this resolves. The rate limit admits the records as a whole.
   * @throws {IllegalStateError} (as a rejection) when the receiver or its context has stopped
   * @throws the write-ahead log's error (as a rejection) when the block could not be written
   */
  storeAll(records: Iterable<T>): Promise<void> {
    return this.#attached().storeAll([...records]);
  }

  /** Reports an error without stopping (a `receiverError` event); the receiver keeps running. */
  reportError(message: string, error?: unknown): void {
    this.#attached().reportError(message, error);
  }

  /**
   * Stops the receiver (`onStop`) and starts it again (`onStart`) after `delayMs` of the context's clock
   * (default: the stream's `restartDelayMs`). Records already stored are kept. Returns at once.
   */
  restart(message: string, error?: unknown, delayMs?: number): void {
    this.#attached().restart(message, error, delayMs);
  }

  /** Stops the receiver for the rest of the context's run; the stream's later batches are empty. */
  stop(message: string, error?: unknown): void {
    this.#attached().stop(message, error);
  }

  /**
   * Stops the receiver for good and fails its stream (a Sluice addition: a Spark receiver that stops
   * leaves its stream empty). Batches still take the blocks stored before; the first batch that finds none
   * left fails with a `ReceiverFailedError` naming the stream, the batch time and `message`, with `error`
   * as its cause, which stops the context as any failed batch does. For a source that cannot go on (its
   * retries used up, input it cannot decode).
   */
  fail(message: string, error?: unknown): void {
    this.#attached().fail(message, error);
  }

  /** True once `onStart` has returned, until the receiver stops or restarts. */
  isStarted(): boolean {
    return this.#host?.isStarted() ?? false;
  }

  /** True while stopped: between a restart's `onStop` and its `onStart`, after `stop`, after the context stopped. */
  isStopped(): boolean {
    return this.#host?.isStopped() ?? false;
  }

  /** Binds this receiver to the stream's supervisor (internal). @throws {IllegalStateError} when already bound to another stream */
  attach(host: ReceiverHost<T>): void {
    if (this.#host !== undefined && this.#host.streamId !== host.streamId) {
      throw new IllegalStateError(
        `receiver ${this.name} already feeds stream ${this.#host.streamId}; create one receiver per stream`,
      );
    }
    this.#host = host;
  }

  #attached(): ReceiverHost<T> {
    if (this.#host === undefined) {
      throw new IllegalStateError(`receiver ${this.name} is not running: it is started by its context's start()`);
    }
    return this.#host;
  }
}
