import { connect, type Socket } from 'node:net';
import { BadRecordError, SourceConnectionError } from '../../core/index.ts';
import { Receiver } from '../../receiver/index.ts';
import { LineSplitter } from './line-splitter.ts';

/** Where a socket source is in its connection's life. */
export type SocketStreamStatus = 'initialized' | 'connecting' | 'connected' | 'waiting-to-retry' | 'failed' | 'stopped';

/** How a {@link SocketReceiver} connects and reads; validated by the stream. */
export interface SocketReceiverSettings {
  readonly host: string;
  readonly port: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly connectTimeoutMs: number;
  readonly maxLineLength: number;
  readonly onBadRecord: 'fail' | 'skip';
  readonly strictUtf8: boolean;
}

const PREVIEW_BYTES = 16;
const ignore = (): void => {};

/**
 * The receiver of `socketTextStream` (Spark's `SocketReceiver`): connects to `host:port`, cuts what
 * arrives into lines (`\n` or `\r\n`) and stores each one; a connection that ends, is refused or times out
 * restarts the receiver, which connects again after `retryDelayMs`. The wait is on real time, not the
 * context's clock, since it waits for a real server. After `maxRetries` failed attempts in a row (a
 * connection that delivered data resets the count) it fails its stream. While a stored line waits for
 * the rate limit, the socket is paused, so the server is slowed down rather than buffered without bound.
 */
export class SocketReceiver extends Receiver<string> {
  readonly settings: SocketReceiverSettings;
  /** The stream's description, for error messages; set by the stream. */
  source = 'socketTextStream';
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #status: SocketStreamStatus = 'initialized';
  #socket: Socket | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #restarting = false;
  #failures = 0;
  #linesSeen = 0;
  #received = 0;
  #skipped = 0;
  #failure: Error | undefined;
  /** A bad line met under `onBadRecord: 'fail'`: the stream fails once the lines before it are stored. */
  #failing: Error | undefined;
  #lastStored: Promise<void> = Promise.resolve();
  #waiters: { total: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(settings: SocketReceiverSettings) {
    super();
    this.settings = settings;
  }

  get address(): string {
    return `${this.settings.host}:${this.settings.port}`;
  }

  get status(): SocketStreamStatus {
    return this.#status;
  }

  /** Lines stored since the start. */
  get received(): number {
    return this.#received;
  }

  /** Bad lines dropped under `onBadRecord: 'skip'`. */
  get skipped(): number {
    return this.#skipped;
  }

  whenReceived(total: number): Promise<void> {
    if (this.#received >= total) return Promise.resolve();
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#status === 'stopped') return Promise.reject(this.#stoppedError());
    return new Promise((resolve, reject) => this.#waiters.push({ total, resolve, reject }));
  }

  override onStart(): void {
    const retrying = this.#restarting;
    this.#restarting = false;
    if (!retrying) {
      this.#connect();
      return;
    }
    this.#status = 'waiting-to-retry';
    this.#retryTimer = setTimeout(() => this.#connect(), this.settings.retryDelayMs);
  }

  override onStop(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    if (this.#restarting || this.#status === 'failed') return;
    this.#status = 'stopped';
    this.#settleWaiters(this.#stoppedError());
  }

  #connect(): void {
    this.#status = 'connecting';
    const splitter = new LineSplitter();
    const socket = connect({ host: this.settings.host, port: this.settings.port });
    this.#socket = socket;
    let lastError: Error | undefined;
    socket.setTimeout(this.settings.connectTimeoutMs, () => {
      lastError = new Error(`no connection within connectTimeoutMs (${this.settings.connectTimeoutMs} ms)`);
      socket.destroy();
    });
    socket.once('connect', () => {
      socket.setTimeout(0);
      if (this.#socket === socket) this.#status = 'connected';
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.#socket !== socket) return;
      this.#failures = 0;
      const lines = this.settings.strictUtf8 ? splitter.push(chunk) : splitter.pushText(chunk);
      const max = this.settings.maxLineLength;
      // Bytes bound characters from above, so the text is decoded only when the bytes pass the limit.
      const pending = splitter.pendingBytes > max ? splitter.pending() : undefined;
      const overLong = pending !== undefined && pending.toString('utf8').length > max;
      this.#deliver(lines, socket);
      if (overLong && this.#failing === undefined) {
        this.#linesSeen++;
        this.#badRecord(`longer than maxLineLength (${max} characters) with no line end yet`, pending);
        splitter.discardPending();
      }
      if (this.#failing !== undefined) this.#fail(this.#failing);
    });
    socket.on('end', () => {
      if (this.#socket !== socket) return;
      this.#deliver(splitter.end(), socket);
      if (this.#failing !== undefined) this.#fail(this.#failing);
    });
    socket.on('error', (e) => {
      lastError = e;
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#lost(lastError === undefined ? 'the server closed the connection' : lastError.message, lastError);
    });
  }

  /**
   * Stores the lines up to the first bad one that fails the stream, pausing the socket until the rate
   * limit admitted the last of them.
   */
  #deliver(lines: readonly (Buffer | string)[], socket: Socket): void {
    const records: string[] = [];
    for (const bytes of lines) {
      if (this.#failing !== undefined) break;
      this.#linesSeen++;
      const text = this.#decode(bytes);
      if (text !== undefined) records.push(text);
    }
    if (records.length === 0) return;
    let last: Promise<void> | undefined;
    for (const line of records) {
      const stored = this.store(line);
      // A refusal (the receiver stopped meanwhile) loses the line, as the stream is at most once.
      if (stored !== last) stored.catch(ignore);
      last = stored;
    }
    const admitted = (last as Promise<void>).then(() => {
      this.#received += records.length;
      this.#waiters = this.#waiters.filter((w) => {
        if (this.#received < w.total) return true;
        w.resolve();
        return false;
      });
    });
    this.#lastStored = admitted.catch(ignore);
    socket.pause();
    void this.#lastStored.then(() => socket.resume());
  }

  /** The line as text, or `undefined` when it is a bad record (skipped, or failing the stream). */
  #decode(line: Buffer | string): string | undefined {
    let text: string;
    if (typeof line === 'string') {
      text = line;
    } else if (this.settings.strictUtf8) {
      try {
        text = this.#decoder.decode(line);
      } catch {
        this.#badRecord('not valid UTF-8', line);
        return undefined;
      }
    } else {
      text = line.toString('utf8');
    }
    if (text.length > this.settings.maxLineLength) {
      const bytes = typeof line === 'string' ? Buffer.from(line) : line;
      this.#badRecord(`longer than maxLineLength (${this.settings.maxLineLength} characters)`, bytes);
      return undefined;
    }
    return text;
  }

  /** Applies `onBadRecord` to the line just seen: skips it, or marks the stream failing. */
  #badRecord(reason: string, bytes: Buffer): void {
    const preview = bytes.subarray(0, PREVIEW_BYTES).toString('hex');
    const error = new BadRecordError(
      this.source,
      `line ${this.#linesSeen} from ${this.address}`,
      `${reason} (${bytes.length} bytes, starting with hex ${preview})`,
    );
    if (this.settings.onBadRecord === 'skip') {
      this.#skipped++;
      this.reportError(`skipped a bad line: ${error.message}`, error);
      return;
    }
    this.#failing ??= error;
  }

  #lost(reason: string, error: Error | undefined): void {
    if (this.#status === 'stopped' || this.#status === 'failed') return;
    this.#failures++;
    if (this.#failures > this.settings.maxRetries) {
      this.#fail(
        new SourceConnectionError(
          this.source,
          this.address,
          `${reason}; gave up after ${this.#failures} attempts in a row (maxRetries ${this.settings.maxRetries})`,
          error,
        ),
      );
      return;
    }
    this.#restarting = true;
    this.#status = 'waiting-to-retry';
    this.restart(`connection to ${this.address} lost: ${reason}; connecting again`, error, 0);
  }

  /**
   * Fails the stream: the connection is closed at once, and the receiver fails once the lines stored
   * before the failure are admitted, so they still reach their batches.
   */
  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    this.#status = 'failed';
    clearTimeout(this.#retryTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    this.#settleWaiters(error);
    void this.#lastStored.then(() => this.fail(error.message, error));
  }

  #stoppedError(): Error {
    return new SourceConnectionError(this.source, this.address, 'the source stopped');
  }

  #settleWaiters(error: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(error);
  }
}
