export { ConstantInputDStream } from './constant/constant-input-dstream.ts';
export { type DeadLetter, DeadLetterFile } from './directory/dead-letter-file.ts';
export { FileInputDStream, type FileStreamOptions } from './directory/file-input-dstream.ts';
export { FileStream } from './directory/file-stream.ts';
export type { FileDecoder } from './directory/line-decoder.ts';
export { KafkaDirectInputDStream, type KafkaDirectStreamOptions } from './kafka/kafka-direct-input-dstream.ts';
export { KafkaDirectStream } from './kafka/kafka-direct-stream.ts';
export { KafkaRdd, offsetRanges } from './kafka/kafka-rdd.ts';
export type { KafkaRecord } from './kafka/kafka-record.ts';
export { KafkaOffsetsLostError, KafkaUnavailableError } from './kafka/kafka-source-errors.ts';
export { QueueInputDStream } from './queue/queue-input-dstream.ts';
export { RateInputDStream, type RateStreamOptions } from './rate/rate-input-dstream.ts';
export { SeededTextInputDStream, type SeededTextStreamOptions } from './seeded-text/seeded-text-input-dstream.ts';
export { ZipfTextGenerator, type ZipfTextOptions } from './seeded-text/zipf-text-generator.ts';
export {
  SocketInputDStream,
  type SocketStreamStatus,
  type SocketTextStreamOptions,
} from './socket/socket-input-dstream.ts';
export { SocketTextStream } from './socket/socket-text-stream.ts';
