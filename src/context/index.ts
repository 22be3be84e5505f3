export {
  type StopOptions,
  StreamingContext,
  type StreamingContextOptions,
  type StreamingContextState,
} from './streaming-context.ts';
