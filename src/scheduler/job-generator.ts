import { BatchFailedError, type Clock, Time } from '../core/index.ts';
import type { DStreamGraph } from '../dstream/index.ts';
import type { JobScheduler } from './job-scheduler.ts';
import { RecurringTimer } from './recurring-timer.ts';

/** The closed set of things the generator does, processed one at a time in order (Spark's `JobGeneratorEvent`). */
type JobGeneratorEvent =
  | { readonly type: 'generateJobs'; readonly time: Time }
  | { readonly type: 'clearMetadata'; readonly time: Time };

/**
 * Turns timer ticks into batches (Spark's `JobGenerator`): one event loop, fed by the timer and by batch
 * completions, generates each batch's jobs and cleans up after completed batches, so generation and
 * cleanup never interleave.
 */
export class JobGenerator {
  readonly #clock: Clock;
  readonly #graph: DStreamGraph;
  readonly #scheduler: JobScheduler;
  readonly #onError: (error: BatchFailedError) => void;
  readonly #timer: RecurringTimer;
  readonly #queue: JobGeneratorEvent[] = [];
  #draining = false;
  #stopped = false;
  /** The latest batch time generated. */
  lastGeneratedTime: Time | undefined;

  constructor(clock: Clock, graph: DStreamGraph, scheduler: JobScheduler, onError: (error: BatchFailedError) => void) {
    this.#clock = clock;
    this.#graph = graph;
    this.#scheduler = scheduler;
    this.#onError = onError;
    this.#timer = new RecurringTimer(clock, graph.batchDurationMs, (time) =>
      this.post({ type: 'generateJobs', time: Time.of(time) }),
    );
  }

  /** Starts the graph one batch before the first tick, so the first batch is at zero time + batch. */
  start(): void {
    const startTime = this.#timer.getStartTime();
    this.#graph.start(Time.of(startTime - this.#graph.batchDurationMs));
    this.#timer.start(startTime);
  }

  /**
   * Stops generating batches; batches already generated are the scheduler's. With `generateDue`, every
   * batch whose time the clock has reached but the timer has not ticked yet is generated first, so a
   * graceful stop finishes the data already due (Spark lets its timer run one more tick).
   */
  stop(generateDue = false): void {
    if (this.#stopped) return;
    const lastTicked = this.#timer.stop();
    if (generateDue && this.#graph.zeroTime !== undefined) {
      const now = this.#clock.getTimeMillis();
      const period = this.#graph.batchDurationMs;
      for (let t = lastTicked + period; t <= now; t += period) this.post({ type: 'generateJobs', time: Time.of(t) });
    }
    this.#stopped = true;
  }

  onBatchCompleted(time: Time): void {
    this.post({ type: 'clearMetadata', time });
  }

  post(event: JobGeneratorEvent): void {
    this.#queue.push(event);
    if (!this.#draining) this.#drain();
  }

  #drain(): void {
    this.#draining = true;
    try {
      for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
        if (event.type === 'generateJobs') this.#generateJobs(event.time);
        else this.#graph.clearMetadata(event.time);
      }
    } finally {
      this.#draining = false;
    }
  }

  #generateJobs(time: Time): void {
    if (this.#stopped) return;
    try {
      const jobs = this.#graph.generateJobs(time);
      this.lastGeneratedTime = time;
      this.#scheduler.submitJobSet({ time, jobs, inputInfo: this.#graph.takeInputInfo(time) });
    } catch (e) {
      this.#stopped = true;
      this.#timer.stop();
      this.#onError(new BatchFailedError(time, 'job generation', e));
    }
  }
}
