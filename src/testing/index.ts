export { ManualClock } from '../core/index.ts';
export { type RunStreamsOptions, runStreams, runStreamsWithPartitions } from './run-streams.ts';
export { TestInputDStream } from './test-input-dstream.ts';
