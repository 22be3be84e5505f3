/**
 * What input streams report besides their record counts: a source retrying a system it cannot reach, and bad
 * records set aside to a dead-letter destination. Spark has no such events (it logs); they let a monitor see
 * an outage or a poison pill while the program runs, and a test wait on them instead of sleeping.
 */
export type SourceEvent =
  | {
      /** A source could not reach its system and waits before trying again (a batch waits meanwhile). */
      readonly type: 'sourceRetrying';
      readonly streamId: number;
      /** The stream, as `describe()` names it: `kafkaDirectStream at app.ts:12`. */
      readonly name: string;
      /** The batch waiting for this input; `undefined` for work not tied to one batch (start offsets). */
      readonly batchTime: number | undefined;
      /** What failed: `fetching orders-0 [10, 20)`. */
      readonly operation: string;
      /** The attempt that failed, 1 for the first; the source gives up after `maxAttempts`. */
      readonly attempt: number;
      readonly maxAttempts: number;
      /** How long the source waits before the next attempt. */
      readonly backoffMs: number;
      /** The client's reason. */
      readonly message: string;
    }
  | {
      /** Bad records of one batch were written to the source's dead-letter destination. */
      readonly type: 'recordsDeadLettered';
      readonly streamId: number;
      readonly name: string;
      readonly batchTime: number;
      /** Records written by this call (a batch may report more than once, one call per partition). */
      readonly count: number;
      /** The dead-letter file's path or topic. */
      readonly destination: string;
    };
