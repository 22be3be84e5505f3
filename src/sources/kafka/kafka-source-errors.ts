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

/** Kafka could not be reached within the retries allowed: the batch fails and no offset moves, so nothing is skipped. */
export class KafkaUnavailableError extends SluiceError {
  readonly attempts: number;
  constructor(source: string, operation: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('KAFKA_UNAVAILABLE', `${source}: ${operation} failed after ${attempts} attempts: ${reason}`, { cause });
    this.attempts = attempts;
  }
}
