import { InvalidArgumentError, type Time, Time as TimeOps } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import { Rdd } from '../../rdd/index.ts';
import { RateRdd } from './rate-rdd.ts';

export interface RateStreamOptions {
  /** Records generated per second of batch time. Required: a whole number >= 1. */
  recordsPerSecond: number;
  /**
   * Time to reach `recordsPerSecond` from 0, rising in whole-second steps as Spark's rate source does.
   * A multiple of 1000, default 0 (full rate from the start).
   */
  rampUpTimeMs?: number;
  /** Partitions of each batch. Default: the context's default parallelism. */
  numPartitions?: number;
}

/**
 * A source of `[timestampMs, value]` records at a fixed rate (Spark's `rate` source as a DStream): values
 * count up from 0 across batches, batch (t − batch, t] holding those due in that interval, with
 * timestamps spread evenly over it. Every batch is a pure function of its time, so it replays exactly
 * after a restart and needs no checkpoint data.
 */
export class RateInputDStream extends InputDStream<[number, number]> {
  readonly name = 'rateStream';
  readonly recordsPerSecond: number;
  readonly rampUpTimeMs: number;
  readonly numPartitions: number | undefined;

  constructor(owner: GraphOwner, options: RateStreamOptions) {
    super(owner, 'rateStream');
    const { recordsPerSecond, rampUpTimeMs = 0, numPartitions } = options ?? {};
    if (!Number.isSafeInteger(recordsPerSecond) || recordsPerSecond < 1) {
      throw new InvalidArgumentError(
        `rateStream: recordsPerSecond must be a whole number >= 1, got ${String(recordsPerSecond)}`,
      );
    }
    if (!Number.isSafeInteger(rampUpTimeMs) || rampUpTimeMs < 0 || rampUpTimeMs % 1000 !== 0) {
      throw new InvalidArgumentError(
        `rateStream: rampUpTimeMs must be a whole number of seconds in ms (0, 1000, 2000, …), got ${String(rampUpTimeMs)}`,
      );
    }
    if (numPartitions !== undefined && (!Number.isInteger(numPartitions) || numPartitions < 1)) {
      throw new InvalidArgumentError(`rateStream: numPartitions must be a whole number >= 1, got ${numPartitions}`);
    }
    this.recordsPerSecond = recordsPerSecond;
    this.rampUpTimeMs = rampUpTimeMs;
    this.numPartitions = numPartitions;
  }

  override fingerprintParams(): string {
    return `rate=${this.recordsPerSecond} rampUp=${this.rampUpTimeMs}`;
  }

  compute(time: Time): Rdd<[number, number]> {
    const zero = this.zeroTime ?? 0;
    const fromMs = time - this.slideDurationMs - zero;
    const start = this.valueAt(fromMs, time);
    const end = this.valueAt(time - zero, time);
    this.reportInput(time, end - start);
    const range = { start, end, startTimeMs: zero + fromMs, durationMs: this.slideDurationMs };
    const partitions = this.numPartitions ?? this.batchContext.defaultParallelism;
    return new Rdd(new RateRdd(this.batchContext, range, partitions));
  }

  /** The number of records due in the first `ms` ms after the zero time: the first value of the next batch. */
  valueAt(ms: number, time: Time): number {
    const second = Math.floor(ms / 1000);
    const base = this.#valueAtSecond(second);
    const next = this.#valueAtSecond(second + 1);
    if (!Number.isSafeInteger(next)) {
      throw new InvalidArgumentError(
        `${this.describe()} at batch ${TimeOps.format(time)}: values passed ${Number.MAX_SAFE_INTEGER}, the largest exact number`,
      );
    }
    return base + Math.floor(((ms - second * 1000) * (next - base)) / 1000);
  }

  // Spark's `valueAtSecond`: during the ramp-up the rate grows by rate / (rampUp + 1) each second (whole
  // records), so the total is an arithmetic series; afterwards it grows by the full rate.
  #valueAtSecond(second: number): number {
    const rampUpSeconds = this.rampUpTimeMs / 1000;
    const speedDelta = Math.floor(this.recordsPerSecond / (rampUpSeconds + 1));
    if (second <= rampUpSeconds) return (speedDelta * second * (second + 1)) / 2;
    const rampedUp = (speedDelta * rampUpSeconds * (rampUpSeconds + 1)) / 2;
    return rampedUp + (second - rampUpSeconds) * this.recordsPerSecond;
  }
}
