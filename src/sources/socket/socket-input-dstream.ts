import {
  type Clock,
  InvalidArgumentError,
  SourceConnectionError,
  type Time,
  Time as TimeOps,
} from '../../core/index.ts';
import type { GraphOwner } from '../../dstream/index.ts';
import { type ReceiverEvent, ReceiverInputDStream, type ReceiverStreamOptions } from '../../receiver/index.ts';
import { SocketReceiver, type SocketStreamStatus } from './socket-receiver.ts';

export interface SocketTextStreamOptions extends Omit<ReceiverStreamOptions, 'restartDelayMs'> {
  /**
   * Connection attempts in a row that may fail (refused, timed out, or a connection lost) before the
   * stream fails; a connection that delivers data resets the count. Default 5.
   */
  maxRetries?: number;
  /** Wait before reconnecting, ms of real time (Spark's receiver restart delay). Default 2000. */
  retryDelayMs?: number;
  /** Give up a connection attempt after this long, ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Longest line accepted, in characters (UTF-16 code units); a longer one is a bad record. Default 1048576. */
  maxLineLength?: number;
  /**
   * What a bad line (longer than `maxLineLength`, or not UTF-8 with `strictUtf8`) does: `'fail'` (default)
   * fails the stream — the lines before it are still delivered, the next batch without lines fails with
   * the `BadRecordError` as cause; `'skip'` drops the line, counts it in `skipped` and reports it as a
   * `receiverError` event.
   */
  onBadRecord?: 'fail' | 'skip';
  /**
   * A line that is not valid UTF-8 is a bad record. Default false: invalid bytes become U+FFFD, as Spark's
   * reader makes them.
   */
  strictUtf8?: boolean;
}

export type { SocketStreamStatus };

function wholeNumber(option: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(
      `socketTextStream: ${option} must be a whole number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

function socketReceiver(host: string, port: number, o: SocketTextStreamOptions): SocketReceiver {
  if (typeof host !== 'string' || host === '') {
    throw new InvalidArgumentError(`socketTextStream: host must be a non-empty string, got ${String(host)}`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(
      `socketTextStream: port must be a whole number from 1 to 65535, got ${String(port)}`,
    );
  }
  const onBadRecord = o.onBadRecord ?? 'fail';
  if (onBadRecord !== 'fail' && onBadRecord !== 'skip') {
    throw new InvalidArgumentError(
      `socketTextStream: onBadRecord must be 'fail' or 'skip', got ${String(onBadRecord)}`,
    );
  }
  if (o.strictUtf8 !== undefined && typeof o.strictUtf8 !== 'boolean') {
    throw new InvalidArgumentError(`socketTextStream: strictUtf8 must be true or false, got ${String(o.strictUtf8)}`);
  }
  return new SocketReceiver({
    host,
    port,
    maxRetries: wholeNumber('maxRetries', o.maxRetries, 5, 0),
    retryDelayMs: wholeNumber('retryDelayMs', o.retryDelayMs, 2000, 0),
    connectTimeoutMs: wholeNumber('connectTimeoutMs', o.connectTimeoutMs, 10_000, 1),
    maxLineLength: wholeNumber('maxLineLength', o.maxLineLength, 1_048_576, 1),
    onBadRecord,
    strictUtf8: o.strictUtf8 ?? false,
  });
}

/**
 * Lines of text read from a TCP connection (Spark's `socketTextStream`): a {@link SocketReceiver} on the
 * receiver framework, so lines are cut into blocks every `blockIntervalMs`, admitted at `maxRatePerSecond`
 * and, with `writeAheadLog`, written to the log before they count as stored. A batch takes the blocks
 * completed before its time. Once the receiver failed (retries used up, a bad line under `'fail'`), the
 * first batch without lines fails with a {@link SourceConnectionError}.
 */
export class SocketInputDStream extends ReceiverInputDStream<string> {
  readonly host: string;
  readonly port: number;
  readonly #receiver: SocketReceiver;

  constructor(
    owner: GraphOwner,
    clock: Clock,
    host: string,
    port: number,
    options: SocketTextStreamOptions,
    report: (event: ReceiverEvent) => void,
  ) {
    const o = options ?? {};
    const receiver = socketReceiver(host, port, o);
    // The receiver waits its retry delay itself, on real time.
    const receiving: ReceiverStreamOptions = {
      blockIntervalMs: o.blockIntervalMs,
      maxRatePerSecond: o.maxRatePerSecond,
      writeAheadLog: o.writeAheadLog,
      writeAheadLogSegmentBytes: o.writeAheadLogSegmentBytes,
      restartDelayMs: 0,
    };
    super(owner, clock, receiver, receiving, report, 'socketTextStream');
    receiver.source = this.describe();
    this.#receiver = receiver;
    this.host = host;
    this.port = port;
  }

  get address(): string {
    return this.#receiver.address;
  }

  get maxRetries(): number {
    return this.#receiver.settings.maxRetries;
  }
  get retryDelayMs(): number {
    return this.#receiver.settings.retryDelayMs;
  }
  get connectTimeoutMs(): number {
    return this.#receiver.settings.connectTimeoutMs;
  }
  get maxLineLength(): number {
    return this.#receiver.settings.maxLineLength;
  }

  override fingerprintParams(): string {
    return `address=${this.address} wal=${this.writeAheadLog}`;
  }

  get status(): SocketStreamStatus {
    return this.#receiver.status;
  }

  /** Lines stored since the start, whether or not a batch has taken them yet. */
  get received(): number {
    return this.#receiver.received;
  }

  /** Bad lines dropped under `onBadRecord: 'skip'`. */
  get skipped(): number {
    return this.#receiver.skipped;
  }

  /**
   * Resolves once `total` lines have been stored since the start; rejects if the source fails or stops
   * first. Lets a test (or a program) know input has arrived without waiting on time.
   */
  whenReceived(total: number): Promise<void> {
    return this.#receiver.whenReceived(total);
  }

  protected override failedBatchError(time: Time, message: string, error: unknown): Error {
    return new SourceConnectionError(
      this.describe(),
      this.address,
      `batch ${TimeOps.format(time)} cannot be served: ${message}`,
      error,
    );
  }
}
