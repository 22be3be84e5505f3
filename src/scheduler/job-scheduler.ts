import { BatchFailedError, describe, type Time } from '../core/index.ts';
import type { Job } from '../dstream/index.ts';
import type { BatchInfo, OutputOperationInfo } from './events.ts';
import type { ListenerBus } from './listener-bus.ts';

/** The jobs of one batch and its input counts (Spark's `JobSet`). */
export interface JobSet {
  readonly time: Time;
  readonly jobs: readonly Job[];
  readonly inputInfo: ReadonlyMap<number, number>;
}

export interface JobSchedulerHooks {
  /** A batch finished (successfully or not); the generator may clean up after it. */
  onBatchCompleted(time: Time): void;
  /** A batch failed; the context stops with this error. */
  onError(error: BatchFailedError): void;
}

/**
 * A submitted batch and how far it has got. Its timings live here; the {@link BatchInfo} a listener gets
 * is built from them when an event is posted, so a batch nobody listens to allocates no event.
 */
interface BatchRun {
  readonly set: JobSet;
  readonly submissionTime: number;
  /** Built once: the same for every event of the batch. */
  streamIdToNumRecords: Readonly<Record<number, number>> | undefined;
  numRecords: number;
  readonly ops: OutputOperationInfo[];
  processingStartTime: number | undefined;
  /** Index of the next job to start. */
  next: number;
  running: number;
  failure: BatchFailedError | undefined;
}

// performance.timeOrigin is a getter into the runtime; read once.
const timeOrigin = performance.timeOrigin;
const now = (): number => timeOrigin + performance.now();

/**
 * Runs job sets in batch order (Spark's `JobScheduler`). Jobs are taken first-in first-out, batch by
 * batch and in registration order within a batch, by a pool of `concurrentJobs` slots: with the default
 * of one, a batch's output operations run one after another and a batch starts only when the previous
 * one ended; more slots let that many jobs (of one or several batches) run at once, as Spark's
 * `spark.streaming.concurrentJobs` does. A failed job stops everything not yet started (fail-stop).
 *
 * A job that returns without a promise has ended when it returns: the next one starts, or its batch
 * completes, at once, with no turn of the microtask queue in between.
 */
export class JobScheduler {
  readonly #bus: ListenerBus;
  readonly #hooks: JobSchedulerHooks;
  readonly #concurrentJobs: number;
  /** Submitted and not completed, in batch order. */
  readonly #batches: BatchRun[] = [];
  #runningJobs = 0;
  #failed = false;
  #idleWaiters: (() => void)[] = [];
  /** Set while {@link #pump} runs: a job ending inside it asks for another pass instead of recursing. */
  #pumping = false;
  #pumpAgain = false;

  constructor(bus: ListenerBus, hooks: JobSchedulerHooks, concurrentJobs = 1) {
    this.#bus = bus;
    this.#hooks = hooks;
    this.#concurrentJobs = concurrentJobs;
  }

  /** Batches submitted and not yet completed. */
  get backlog(): number {
    return this.#batches.length;
  }

  submitJobSet(set: JobSet): void {
    let numRecords = 0;
    for (const n of set.inputInfo.values()) numRecords += n;
    const ops = new Array<OutputOperationInfo>(set.jobs.length);
    for (let i = 0; i < ops.length; i++) {
      const job = set.jobs[i];
      ops[i] = { batchTime: set.time, id: job.outputOpId, description: job.description };
    }
    const run: BatchRun = {
      set,
      submissionTime: now(),
      streamIdToNumRecords: undefined,
      numRecords,
      ops,
      processingStartTime: undefined,
      next: 0,
      running: 0,
      failure: undefined,
    };
    if (this.#bus.hasListeners) this.#bus.post({ type: 'batchSubmitted', batch: this.#info(run) });
    this.#batches.push(run);
    this.#pump();
  }

  /** Times of the batches submitted and not completed, in order. */
  pendingTimes(): Time[] {
    return this.#batches.map((b) => b.set.time);
  }

  /** Drops batches not yet started (a stop that does not finish received data). */
  dropPending(): void {
    for (let i = this.#batches.length - 1; i >= 0; i--) {
      if (this.#batches[i].processingStartTime === undefined) this.#batches.splice(i, 1);
    }
    this.#notifyIfIdle();
  }

  /** Resolves when no batch is queued or running (after a failure: when no job is running). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#runningJobs === 0 && (this.#batches.length === 0 || this.#failed);
  }

  #pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        this.#startDueJobs();
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #startDueJobs(): void {
    // By index, re-reading the list: a job may stop the context synchronously (dropping batches from
    // it), and a batch whose jobs all ended here completes here (removing itself).
    for (let i = 0; i < this.#batches.length; i++) {
      if (this.#failed || this.#runningJobs >= this.#concurrentJobs) return;
      const run = this.#batches[i];
      if (run.processingStartTime === undefined) {
        run.processingStartTime = now();
        if (this.#bus.hasListeners) this.#bus.post({ type: 'batchStarted', batch: this.#info(run) });
      }
      while (
        run.next < run.set.jobs.length &&
        run.failure === undefined &&
        this.#runningJobs < this.#concurrentJobs &&
        !this.#failed
      ) {
        this.#startJob(run, run.next++);
      }
      if (run.set.jobs.length === 0) this.#completeBatch(run);
      if (this.#batches[i] !== run) i--;
    }
  }

  #startJob(run: BatchRun, index: number): void {
    this.#runningJobs++;
    run.running++;
    const op = run.ops[index];
    op.startTime = now();
    if (this.#bus.hasListeners) this.#bus.post({ type: 'outputOperationStarted', outputOperation: { ...op } });
    let result: unknown;
    try {
      result = run.set.jobs[index].run();
    } catch (e) {
      this.#jobEnded(run, index, true, e);
      return;
    }
    if (isThenable(result)) {
      result.then(
        () => this.#jobEnded(run, index, false, undefined),
        (e: unknown) => this.#jobEnded(run, index, true, e),
      );
    } else this.#jobEnded(run, index, false, undefined);
  }

  #jobEnded(run: BatchRun, index: number, failed: boolean, error: unknown): void {
    const op = run.ops[index];
    if (failed) {
      run.failure ??= new BatchFailedError(run.set.time, run.set.jobs[index].description, error);
      op.failureReason = describe(error);
      // Nothing after a failed job starts: a later batch must not commit output past the lost one.
      this.#failed = true;
    }
    op.endTime = now();
    op.durationMs = op.endTime - (op.startTime ?? op.endTime);
    if (this.#bus.hasListeners) this.#bus.post({ type: 'outputOperationCompleted', outputOperation: { ...op } });
    this.#runningJobs--;
    run.running--;
    if (run.running === 0 && (run.next === run.set.jobs.length || run.failure !== undefined)) {
      this.#completeBatch(run);
    }
    this.#pump();
    this.#notifyIfIdle();
  }

  #completeBatch(run: BatchRun): void {
    const index = this.#batches.indexOf(run);
    if (index < 0) return;
    this.#batches.splice(index, 1);
    if (this.#bus.hasListeners) this.#bus.post({ type: 'batchCompleted', batch: this.#info(run, now()) });
    this.#hooks.onBatchCompleted(run.set.time);
    if (run.failure !== undefined) {
      this.#failed = true;
      this.#hooks.onError(run.failure);
    }
  }

  /**
   * What a listener receives: built for the event, so events already delivered do not change as the
   * batch moves on. `endTime` is given once the batch has completed.
   */
  #info(run: BatchRun, endTime?: number): BatchInfo {
    if (run.streamIdToNumRecords === undefined) {
      const byStream: Record<number, number> = {};
      for (const [id, n] of run.set.inputInfo) byStream[id] = n;
      run.streamIdToNumRecords = byStream;
    }
    const info: BatchInfo = {
      batchTime: run.set.time,
      streamIdToNumRecords: run.streamIdToNumRecords,
      numRecords: run.numRecords,
      submissionTime: run.submissionTime,
      outputOperations: run.ops.map((op) => ({ ...op })),
    };
    const start = run.processingStartTime;
    if (start !== undefined) {
      info.processingStartTime = start;
      info.schedulingDelayMs = start - run.submissionTime;
    }
    if (endTime !== undefined) {
      info.processingEndTime = endTime;
      info.processingDelayMs = endTime - (start ?? endTime);
      info.totalDelayMs = (info.schedulingDelayMs ?? 0) + info.processingDelayMs;
      if (run.failure !== undefined) info.failureReason = run.failure.message;
    }
    return info;
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === 'function';
}
