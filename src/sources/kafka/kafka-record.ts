import type { KafkaHeaders } from '../../kafka/index.ts';

/**
 * One record of a Kafka direct stream (Spark's `ConsumerRecord`): where it is, when it was written, and its
 * key and value decoded by the stream's codecs (`null` stays `null`).
 */
export interface KafkaRecord<K = string, V = string> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestampMs: number;
  readonly key: K | null;
  readonly value: V | null;
  readonly headers: KafkaHeaders;
}
