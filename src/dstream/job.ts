import type { Time } from '../core/index.ts';

/** One output operation's work for one batch; the graph creates jobs, the scheduler runs them. */
export interface Job {
  readonly time: Time;
  /** Position of the output operation in the order it was registered. */
  readonly outputOpId: number;
  /** `foreachRDD at app.ts:12`: names the output operation in events and errors. */
  readonly description: string;
  run(): void | Promise<void>;
}
