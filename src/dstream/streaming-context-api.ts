import type { Time } from '../core/index.ts';
import type { BatchContext, Rdd } from '../rdd/index.ts';
import type { DStream } from './dstream.ts';

/**
 * What a stream can reach of the context that owns it (Spark's `dstream.context`). Declared here, below
 * the scheduler, and implemented by `StreamingContext` at the top, so the graph never imports upward.
 */
export interface StreamingContextApi {
  readonly batchContext: BatchContext;
  /** Spark's name for {@link batchContext}. */
  readonly sparkContext: BatchContext;
  readonly batchDurationMs: number;
  union<T>(streams: readonly DStream<T>[]): DStream<T>;
  transform<T>(streams: readonly DStream<any>[], f: (rdds: Rdd<any>[], time: Time) => Rdd<T>): DStream<T>;
  remember(durationMs: number): void;
}
