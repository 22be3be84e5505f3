export { ConstantInputDStream } from './constant/constant-input-dstream.ts';
export { QueueInputDStream } from './queue/queue-input-dstream.ts';
export { SeededTextInputDStream, type SeededTextStreamOptions } from './seeded-text/seeded-text-input-dstream.ts';
export { ZipfTextGenerator, type ZipfTextOptions } from './seeded-text/zipf-text-generator.ts';
