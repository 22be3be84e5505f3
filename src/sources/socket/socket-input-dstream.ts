import { connect, type Socket } from 'node:net';
import {
  BadRecordError,
  InvalidArgumentError,
  SourceConnectionError,
  type Time,
  Time as TimeOps,
} from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import type { Rdd } from '../../rdd/index.ts';
import { LineSplitter } from './line-splitter.ts';

export interface SocketTextStreamOptions {
  /**
   * Connection attempts in a row that may fail (refused, timed out, or a connection lost) before the
   * stream fails; a connection that delivers data resets the count. Default 5.
   */
  maxRetries?: number;
  /** Wait before reconnecting, ms (Spark's receiver restart delay). Default 2000. */
  retryDelayMs?: number;
  /** Give up a connection attempt after this long, ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Longest line accepted, in characters; a longer one fails the stream rather than growing without bound. Default 1048576. */
  maxLineLength?: number;
}

/** Where a socket source is in its connection's life. */
export type SocketStreamStatus = 'initialized' | 'connecting' | 'connected' | 'waiting-to-retry' | 'failed' | 'stopped';

function wholeNumber(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(
      `socketTextStream: ${option} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Lines of text read from a TCP connection (Spark's `socketTextStream`, without the receiver framework):
 * from `start()` the source connects to `host:port` and buffers each line as it arrives; a batch, when
 * it is generated, takes every line buffered so far, in arrival order, as one partition. A lost or
 * refused connection is tried again after `retryDelayMs`, up to `maxRetries` times in a row; after that
 * the next batch fails with a {@link SourceConnectionError}. At-most-once: lines buffered but not yet in a
 * batch are lost when the program stops, and a batch run again after a restart cannot get its lines back
 * (that needs a write-ahead log).
 */
export class SocketInputDStream extends InputDStream<string> {
  readonly name = 'socketTextStream';
  readonly host: string;
  readonly port: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly connectTimeoutMs: number;
  readonly maxLineLength: number;
  #status: SocketStreamStatus = 'initialized';
  #socket: Socket | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #buffered: string[] = [];
  #received = 0;
  #failure: Error | undefined;
  #waiters: { total: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(owner: GraphOwner, host: string, port: number, options: SocketTextStreamOptions = {}) {
    super(owner, 'socketTextStream');
    if (typeof host !== 'string' || host === '') {
      throw new InvalidArgumentError(`socketTextStream: host must be a non-empty string, got ${String(host)}`);
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InvalidArgumentError(
        `socketTextStream: port must be a whole number from 1 to 65535, got ${String(port)}`,
      );
    }
    this.host = host;
    this.port = port;
    this.maxRetries = wholeNumber('maxRetries', options.maxRetries, 5, 0);
    this.retryDelayMs = wholeNumber('retryDelayMs', options.retryDelayMs, 2000, 0);
    this.connectTimeoutMs = wholeNumber('connectTimeoutMs', options.connectTimeoutMs, 10_000, 1);
    this.maxLineLength = wholeNumber('maxLineLength', options.maxLineLength, 1_048_576, 1);
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  override fingerprintParams(): string {
    return `address=${this.address}`;
  }

  get status(): SocketStreamStatus {
    return this.#status;
  }

  /** Lines received since the start, whether or not a batch has taken them yet. */
  get received(): number {
    return this.#received;
  }

  /**
   * Resolves once `total` lines have been received since the start; rejects if the source fails or stops
   * first. Lets a test (or a program) know input has arrived without waiting on time.
   */
  whenReceived(total: number): Promise<void> {
    if (this.#received >= total) return Promise.resolve();
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#status === 'stopped') return Promise.reject(this.#stoppedError());
    return new Promise((resolve, reject) => this.#waiters.push({ total, resolve, reject }));
  }

  override start(): void {
    this.#connect();
  }

  override stop(): void {
    this.#status = 'stopped';
    clearTimeout(this.#retryTimer);
    this.#socket?.destroy();
    this.#socket = undefined;
    this.#buffered = [];
    this.#settleWaiters(this.#stoppedError());
  }

  compute(time: Time): Rdd<string> {
    const lines = this.#buffered;
    // Lines that arrived before the failure still make their batch; the next one reports the failure.
    if (lines.length === 0 && this.#failure !== undefined) {
      throw new SourceConnectionError(
        this.describe(),
        this.address,
        `batch ${TimeOps.format(time)} cannot be served: ${this.#failure.message}`,
        this.#failure,
      );
    }
    this.#buffered = [];
    this.reportInput(time, lines.length);
    return this.batchContext.parallelize(lines, 1);
  }

  #stoppedError(): Error {
    return new SourceConnectionError(this.describe(), this.address, 'the source stopped');
  }

  #connect(): void {
    if (this.#status === 'stopped' || this.#status === 'failed') return;
    this.#status = 'connecting';
    const splitter = new LineSplitter();
    const socket = connect({ host: this.host, port: this.port });
    this.#socket = socket;
    let lastError: Error | undefined;
    socket.setTimeout(this.connectTimeoutMs, () => {
      lastError = new Error(`no connection within connectTimeoutMs (${this.connectTimeoutMs} ms)`);
      socket.destroy();
    });
    socket.once('connect', () => {
      socket.setTimeout(0);
      this.#status = 'connected';
    });
    socket.on('data', (chunk: Buffer) => {
      this.#failures = 0;
      this.#take(splitter.push(chunk));
      if (splitter.pendingLength > this.maxLineLength) {
        this.#fail(
          new BadRecordError(
            this.describe(),
            `line ${this.#received + 1} from ${this.address}`,
            `longer than maxLineLength (${this.maxLineLength} characters) with no line end yet`,
          ),
        );
      }
    });
    socket.on('end', () => {
      this.#take(splitter.end());
    });
    socket.on('error', (e) => {
      lastError = e;
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      if (this.#status === 'stopped' || this.#status === 'failed') return;
      this.#retry(lastError === undefined ? 'the server closed the connection' : lastError.message);
    });
  }

  #take(lines: string[]): void {
    if (lines.length === 0 || this.#status === 'stopped' || this.#status === 'failed') return;
    for (const line of lines) this.#buffered.push(line);
    this.#received += lines.length;
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#received < w.total) return true;
      w.resolve();
      return false;
    });
  }

  #retry(reason: string): void {
    this.#failures++;
    if (this.#failures > this.maxRetries) {
      this.#fail(
        new SourceConnectionError(
          this.describe(),
          this.address,
          `${reason}; gave up after ${this.#failures} attempts in a row (maxRetries ${this.maxRetries})`,
        ),
      );
      return;
    }
    this.#status = 'waiting-to-retry';
    this.#retryTimer = setTimeout(() => this.#connect(), this.retryDelayMs);
  }

  #fail(error: Error): void {
    this.#failure = error;
    this.#status = 'failed';
    clearTimeout(this.#retryTimer);
    this.#socket?.destroy();
    this.#socket = undefined;
    this.#settleWaiters(error);
  }

  #settleWaiters(error: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(error);
  }
}
