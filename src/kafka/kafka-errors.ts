import { SluiceError } from '../core/index.ts';
import type { OffsetRange } from './kafka-port.ts';

/** A Kafka request failed; the message names the operation, the topic or partition, and the client's reason. */
export class KafkaClientError extends SluiceError {
  readonly operation: string;
  constructor(operation: string, cause: unknown) {
    super('KAFKA_CLIENT_FAILED', `Kafka ${operation} failed: ${reason(cause)}`, { cause });
    this.operation = operation;
  }
}

/** The topic asked for does not exist (never created, or deleted). */
export class KafkaTopicNotFoundError extends SluiceError {
  readonly topic: string;
  constructor(topic: string) {
    super('KAFKA_TOPIC_NOT_FOUND', `Kafka topic ${topic} does not exist`);
    this.topic = topic;
  }
}

/**
 * Part of an offset range is not in its partition: deleted by retention (before the log start offset) or not
 * written yet (past the end). The message names the partition, the range and what the partition holds.
 */
export class KafkaOffsetsUnavailableError extends SluiceError {
  readonly range: OffsetRange;
  constructor(range: OffsetRange, detail: string) {
    super(
      'KAFKA_OFFSETS_UNAVAILABLE',
      `Offsets [${range.fromOffset}, ${range.untilOffset}) of ${range.topic}-${range.partition} are not available: ${detail}`,
    );
    this.range = range;
  }
}

// The client nests the broker's reasons (several brokers, several partitions) in `errors`; all of them are shown.
export function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as { errors?: unknown }).errors;
  const inner = Array.isArray(nested) && nested.length > 0 ? ` (${nested.map(reason).join('; ')})` : '';
  return `${error.message}${inner}`;
}
