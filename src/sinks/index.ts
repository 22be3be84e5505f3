export type { BatchSink } from './batch-sink.ts';
export { jsonFilesSink } from './files/json-files-sink.ts';
export { msgpackFilesSink } from './files/msgpack-files-sink.ts';
export { readMsgpackFile } from './files/read-msgpack-file.ts';
export {
  type KafkaOffsetSource,
  KafkaRecordTooLargeError,
  type KafkaSink,
  type KafkaSinkOptions,
  kafkaSink,
} from './kafka/kafka-sink.ts';
export { type PostgresSink, type PostgresSinkOptions, postgresSink } from './postgres/postgres-sink.ts';
