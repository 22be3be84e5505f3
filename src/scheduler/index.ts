export type {
  BatchInfo,
  OutputOperationInfo,
  StateCheckpointInfo,
  StreamingEvent,
  StreamingListener,
} from './events.ts';
export { type CheckpointHook, JobGenerator, type RestartPoint } from './job-generator.ts';
export { JobScheduler, type JobSchedulerHooks, type JobSet } from './job-scheduler.ts';
export { ListenerBus } from './listener-bus.ts';
export { RecurringTimer } from './recurring-timer.ts';
