export { decoderOf, encoderOf, type KafkaCodec } from './kafka-codec.ts';
export { KafkaClientError, KafkaOffsetsUnavailableError, KafkaTopicNotFoundError } from './kafka-errors.ts';
export type {
  ConsumedRecord,
  IsolationLevel,
  KafkaAdmin,
  KafkaClient,
  KafkaConnectionOptions,
  KafkaConsumer,
  KafkaConsumerOptions,
  KafkaHeaders,
  KafkaProducer,
  KafkaProducerOptions,
  KafkaTransaction,
  NewTopicOptions,
  OffsetRange,
  OffsetSpec,
  ProducerRecord,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka-port.ts';
export { PlatformaticKafkaClient } from './platformatic-kafka-client.ts';
export { type AbortedTransaction, type RawRecord, type RawRecordBatch, recordsOfBatches } from './record-batches.ts';
