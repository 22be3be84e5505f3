/**
 * What receivers report (Spark's `StreamingListenerReceiverStarted` / `…Error` / `…Stopped`), and a torn
 * write-ahead log end dropped on recovery. Times are the context clock's.
 */
export type ReceiverEvent =
  | { readonly type: 'receiverStarted'; readonly streamId: number; readonly name: string; readonly time: number }
  | {
      readonly type: 'receiverError';
      readonly streamId: number;
      readonly name: string;
      readonly message: string;
      readonly error: unknown;
      readonly time: number;
    }
  | {
      readonly type: 'receiverStopped';
      readonly streamId: number;
      readonly name: string;
      readonly message: string;
      readonly error?: unknown;
      readonly time: number;
    }
  | {
      readonly type: 'writeAheadLogTailDropped';
      readonly streamId: number;
      readonly segment: string;
      readonly offset: number;
      readonly reason: string;
      readonly bytes: number;
    };
