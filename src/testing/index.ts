export { ManualClock } from '../core/index.ts';
export {
  type RestartedRun,
  type RestartedRunOptions,
  type RunStreamsOptions,
  runStreams,
  runStreamsWithPartitions,
  runStreamsWithRestart,
} from './run-streams.ts';
export { TestInputDStream } from './test-input-dstream.ts';
