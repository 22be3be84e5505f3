export { ConstantInputDStream } from './constant/constant-input-dstream.ts';
export { type DeadLetter, DeadLetterFile } from './directory/dead-letter-file.ts';
export { FileInputDStream, type FileStreamOptions } from './directory/file-input-dstream.ts';
export { FileStream } from './directory/file-stream.ts';
export type { FileDecoder } from './directory/line-decoder.ts';
export { QueueInputDStream } from './queue/queue-input-dstream.ts';
export { RateInputDStream, type RateStreamOptions } from './rate/rate-input-dstream.ts';
export { SeededTextInputDStream, type SeededTextStreamOptions } from './seeded-text/seeded-text-input-dstream.ts';
export { ZipfTextGenerator, type ZipfTextOptions } from './seeded-text/zipf-text-generator.ts';
