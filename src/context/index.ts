export {
  type RecoveryOptions,
  type StopOptions,
  StreamingContext,
  type StreamingContextOptions,
  type StreamingContextState,
} from './streaming-context.ts';
