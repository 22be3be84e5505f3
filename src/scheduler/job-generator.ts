import { BatchFailedError, type Clock, Time } from '../core/index.ts';
import type { DStreamGraph } from '../dstream/index.ts';
import type { JobScheduler } from './job-scheduler.ts';
import { RecurringTimer } from './recurring-timer.ts';

/** The closed set of things the generator does, processed one at a time in order (Spark's `JobGeneratorEvent`). */
type JobGeneratorEvent =
  | { readonly type: 'generateJobs'; readonly time: Time }
  | { readonly type: 'clearMetadata'; readonly time: Time }
  | { readonly type: 'doCheckpoint'; readonly time: Time; readonly completed: boolean }
  | { readonly type: 'drainReceived' };

/** What the generator asks of checkpointing, in event order (Spark's `DoCheckpoint`). */
export interface CheckpointHook {
  /**
   * Writes the checkpoint for batch `time`: right after its jobs were generated (`completed` false: the
   * checkpoint that fixes the batch's inputs) and after it completed (`completed` true).
   */
  checkpoint(time: Time, completed: boolean): void;
}

/** Where a restarted generator resumes (Spark's `JobGenerator.restart`). */
export interface RestartPoint {
  /** Batch time of the checkpoint the program restarts from. */
  readonly checkpointTime: Time;
  /** Batches generated but not completed when that checkpoint was written. */
  readonly pendingTimes: readonly Time[];
}

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
  #checkpointHook: CheckpointHook | undefined;
  readonly #queue: JobGeneratorEvent[] = [];
  #draining = false;
  #stopped = false;
  /** Set by a stop that does not finish due batches, or by a failure: queued batches are not generated. */
  #discard = false;
  #idleWaiters: (() => void)[] = [];
  /** Cancels the extra batch a graceful stop waits for, to take the input its receivers still hold. */
  #cancelDrainBatch: (() => void) | undefined;
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

  /** Checkpoints after each generated and each completed batch (set before `start`). */
  set checkpointHook(hook: CheckpointHook | undefined) {
    this.#checkpointHook = hook;
  }

  /**
   * Resumes from a checkpoint: the graph keeps the checkpoint's zero time; the batches pending then and
   * every batch time from the checkpoint's up to now run first, in order (the checkpoint's own batch runs
   * again, as in Spark), then the timer resumes at the next tick. With `coalesceDownTime`, the times missed
   * while down (after the checkpoint's own) become one catch-up batch at the last of them: a source that
   * reads from positions (offsets, files) reads the whole gap in it; a source whose records are a function
   * of the batch time produces only that time's.
   * @returns the batch times rescheduled, in order
   */
  restart(zeroTime: Time, point: RestartPoint, coalesceDownTime = false): Time[] {
    const period = this.#graph.batchDurationMs;
    this.#graph.start(zeroTime);
    const now = this.#clock.getTimeMillis();
    const restartTime = (Math.floor((now - zeroTime) / period) + 1) * period + zeroTime;
    const downTimes: number[] = [];
    for (let t: number = point.checkpointTime; t < restartTime; t += period) downTimes.push(t);
    const rescheduled =
      coalesceDownTime && downTimes.length > 2 ? [downTimes[0], downTimes[downTimes.length - 1]] : downTimes;
    const times = [...new Set<number>([...point.pendingTimes, ...rescheduled])]
      .filter((t) => t < restartTime)
      .sort((a, b) => a - b);
    // After the caller's start() has returned, as a fresh start's first batch comes with the first tick.
    queueMicrotask(() => {
      for (const t of times) this.post({ type: 'generateJobs', time: Time.of(t) });
    });
    this.#timer.start(restartTime);
    return times.map((t) => Time.of(t));
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
   * graceful stop finishes the data already due (Spark lets its timer run one more tick), and batches
   * waiting for their input are still generated; without it they are dropped. Then, if a source still
   * holds input no batch took (the last blocks of receivers stopped just before), one more batch is
   * generated when the clock reaches the next batch time, as Spark's graceful stop keeps its timer running
   * until every received block is allocated. A stop without `generateDue` cancels that wait.
   */
  stop(generateDue = false): void {
    if (!generateDue) {
      this.#discard = true;
      if (this.#cancelDrainBatch !== undefined) {
        this.#cancelDrainBatch();
        this.#cancelDrainBatch = undefined;
        if (!this.#draining) this.#idle();
      }
    }
    if (this.#stopped) return;
    const lastTicked = this.#timer.stop();
    if (generateDue && this.#graph.zeroTime !== undefined) {
      const now = this.#clock.getTimeMillis();
      const period = this.#graph.batchDurationMs;
      for (let t = lastTicked + period; t <= now; t += period) this.post({ type: 'generateJobs', time: Time.of(t) });
      this.post({ type: 'drainReceived' });
    }
    this.#stopped = true;
  }

  /** Resolves when no event is queued or waiting for a source's input. */
  whenIdle(): Promise<void> {
    if (!this.#draining && this.#cancelDrainBatch === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  onBatchCompleted(time: Time): void {
    this.post({ type: 'clearMetadata', time });
    if (this.#checkpointHook !== undefined) this.post({ type: 'doCheckpoint', time, completed: true });
  }

  post(event: JobGeneratorEvent): void {
    // Batches are generated after a stop only when the stop itself posted them (the due ones).
    if (event.type === 'generateJobs' && this.#stopped) return;
    this.#queue.push(event);
    if (!this.#draining) this.#drain();
  }

  #drain(): void {
    this.#draining = true;
    let waiting = false;
    try {
      for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
        if (event.type === 'generateJobs') {
          if (this.#discard) continue;
          const time = event.time;
          const input = this.#prepare(time);
          if (input !== undefined) {
            // Events posted meanwhile queue up behind this batch, so the order of events is kept.
            waiting = true;
            void input.then(
              (ok) => this.#resume(ok ? time : undefined),
              () => this.#resume(undefined),
            );
            return;
          }
          this.#generateJobs(time);
        } else if (event.type === 'clearMetadata') this.#graph.clearMetadata(event.time);
        else if (event.type === 'drainReceived') this.#scheduleDrainBatch();
        else this.#doCheckpoint(event.time, event.completed);
      }
    } finally {
      if (!waiting) this.#idle();
    }
  }

  /** The input of batch `time` is ready (or failed, `undefined`): generate it and go on with the queue. */
  #resume(time: Time | undefined): void {
    if (time !== undefined && !this.#discard) this.#generateJobs(time);
    this.#drain();
  }

  /** After a graceful stop's due batches: one more batch at the next batch time if input is still unallocated. */
  #scheduleDrainBatch(): void {
    const zero = this.#graph.zeroTime;
    if (this.#discard || zero === undefined || !this.#graph.hasUnallocatedInput()) return;
    const period = this.#graph.batchDurationMs;
    const after = Math.max(this.#clock.getTimeMillis(), this.lastGeneratedTime ?? zero);
    const time = zero + (Math.floor((after - zero) / period) + 1) * period;
    this.#cancelDrainBatch = this.#clock.schedule(time, () => {
      this.#cancelDrainBatch = undefined;
      // Posted past the stop on purpose; checked again after it, in case it could not take everything.
      this.#queue.push({ type: 'generateJobs', time: Time.of(time) }, { type: 'drainReceived' });
      if (!this.#draining) this.#drain();
    });
  }

  #idle(): void {
    this.#draining = false;
    if (this.#cancelDrainBatch !== undefined) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  /** `undefined` when no source must fetch; otherwise resolves `false` when fetching failed (the context stops). */
  #prepare(time: Time): Promise<boolean> | undefined {
    if (this.#discard) return undefined;
    let input: Promise<void> | undefined;
    try {
      input = this.#graph.prepareInputs(time);
    } catch (e) {
      return Promise.resolve(this.#failGeneration(time, e));
    }
    return input?.then(
      () => true,
      (e: unknown) => this.#failGeneration(time, e),
    );
  }

  #failGeneration(time: Time, e: unknown): false {
    this.#stopped = true;
    this.#discard = true;
    this.#timer.stop();
    this.#onError(new BatchFailedError(time, 'job generation', e));
    return false;
  }

  #generateJobs(time: Time): void {
    if (this.#discard) return;
    try {
      const jobs = this.#graph.generateJobs(time);
      this.lastGeneratedTime = time;
      // The checkpoint that fixes this batch's inputs is durable before any of its output runs.
      this.#checkpointHook?.checkpoint(time, false);
      this.#scheduler.submitJobSet({ time, jobs, inputInfo: this.#graph.takeInputInfo(time) });
    } catch (e) {
      this.#failGeneration(time, e);
    }
  }

  #doCheckpoint(time: Time, completed: boolean): void {
    try {
      this.#checkpointHook?.checkpoint(time, completed);
    } catch (e) {
      this.#stopped = true;
      this.#discard = true;
      this.#timer.stop();
      this.#onError(new BatchFailedError(time, 'checkpoint', e));
    }
  }
}
