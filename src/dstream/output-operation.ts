/**
 * What an output operation's function learns about the operation running it: its id (its position in
 * registration order, stable across a restart since the program must build the same graph) and a hook
 * to release what it holds (a connection pool) when the context stops.
 */
export interface OutputOperation {
  /** The output operation's position in registration order (Spark's `outputOpId`). */
  readonly id: number;
  /** `foreachRDD at app.ts:12`. */
  readonly description: string;
  /** Runs `release` when the context stops; the stop waits for a returned promise. */
  onStop(release: () => void | Promise<void>): void;
}
