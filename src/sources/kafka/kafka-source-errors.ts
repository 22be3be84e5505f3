import { SluiceError } from '../../core/index.ts';
import type { OffsetRange } from '../../kafka/index.ts';

/**
 * The records a Kafka direct stream must read next are gone: deleted by retention, or their topic deleted or
 * truncated. Nothing is skipped silently: the message names the partition, the missing range and the option
 * (`onOffsetsUnavailable: 'earliest' | 'latest'`) that resets the partition instead.
 */
export class KafkaOffsetsLostError extends SluiceError {
  readonly range: OffsetRange;
  constructor(source: string, range: OffsetRange, detail: string) {
    super(
      'KAFKA_OFFSETS_LOST',
      `${source}: offsets [${range.fromOffset}, ${range.untilOffset}) of ${range.topic}-${range.partition} cannot be read: ${detail}; set onOffsetsUnavailable to 'earliest' or 'latest' to reset the partition and go on`,
    );
    this.range = range;
  }
}

/** How a Kafka operation ran out of retries: what {@link KafkaUnavailableError} reports. */
export interface KafkaUnavailableDetail {
  /** The bootstrap servers the source was given. */
  readonly brokers: readonly string[];
  readonly attempts: number;
  /** From the first attempt to the last failure. */
  readonly elapsedMs: number;
  /** The options that bound the retries, as a phrase: `maxRetries 5, retryBackoffMs 200 …`. */
  readonly bound: string;
  readonly cause: unknown;
}

/**
 * Kafka could not be reached within the retries allowed: the batch fails and no offset moves, so nothing is
 * skipped. The message names the brokers, the operation (with the partition and range of a fetch), the
 * attempts and time spent, the bound, and the client's reason.
 */
export class KafkaUnavailableError extends SluiceError {
  readonly attempts: number;
  readonly brokers: readonly string[];
  readonly elapsedMs: number;
  constructor(source: string, operation: string, detail: KafkaUnavailableDetail) {
    const { cause } = detail;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const seconds = (detail.elapsedMs / 1000).toFixed(1);
    super(
      'KAFKA_UNAVAILABLE',
      `${source}: ${operation} failed after ${detail.attempts} attempts over ${seconds} s against brokers ${detail.brokers.join(', ')} (${detail.bound}): ${reason}`,
      { cause },
    );
    this.attempts = detail.attempts;
    this.brokers = detail.brokers;
    this.elapsedMs = detail.elapsedMs;
  }
}
