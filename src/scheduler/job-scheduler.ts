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

/** A submitted batch and how far it has got. */
interface BatchRun {
  readonly set: JobSet;
  readonly info: BatchInfo;
  /** Index of the next job to start. */
  next: number;
  running: number;
  failure: BatchFailedError | undefined;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * Runs job sets in batch order (Spark's `JobScheduler`). Jobs are taken first-in first-out, batch by
 * batch and in registration order within a batch, by a pool of `concurrentJobs` slots: with the default
 * of one, a batch's output operations run one after another and a batch starts only when the previous
 * one ended; more slots let that many jobs (of one or several batches) run at once, as Spark's
 * `spark.streaming.concurrentJobs` does. A failed job stops everything not yet started (fail-stop).
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
    const streamIdToNumRecords: Record<number, number> = {};
    let numRecords = 0;
    for (const [id, n] of set.inputInfo) {
      streamIdToNumRecords[id] = n;
      numRecords += n;
    }
    const info: BatchInfo = {
      batchTime: set.time,
      streamIdToNumRecords,
      numRecords,
      submissionTime: now(),
      outputOperations: set.jobs.map(
        (job): OutputOperationInfo => ({ batchTime: set.time, id: job.outputOpId, description: job.description }),
      ),
    };
    if (this.#bus.hasListeners) this.#bus.post({ type: 'batchSubmitted', batch: snapshot(info) });
    this.#batches.push({ set, info, next: 0, running: 0, failure: undefined });
    this.#pump();
  }

  /** Times of the batches submitted and not completed, in order. */
  pendingTimes(): Time[] {
    return this.#batches.map((b) => b.set.time);
  }

  /** Drops batches not yet started (a stop that does not finish received data). */
  dropPending(): void {
    for (let i = this.#batches.length - 1; i >= 0; i--) {
      if (this.#batches[i].info.processingStartTime === undefined) this.#batches.splice(i, 1);
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
    // By index, re-reading the list: a job may stop the context synchronously (dropping batches from
    // it), and an empty batch completes here (removing itself).
    for (let i = 0; i < this.#batches.length; i++) {
      if (this.#failed || this.#runningJobs >= this.#concurrentJobs) return;
      const run = this.#batches[i];
      if (run.info.processingStartTime === undefined) {
        run.info.processingStartTime = now();
        run.info.schedulingDelayMs = run.info.processingStartTime - run.info.submissionTime;
        if (this.#bus.hasListeners) this.#bus.post({ type: 'batchStarted', batch: snapshot(run.info) });
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
    const op = run.info.outputOperations[index];
    op.startTime = now();
    if (this.#bus.hasListeners) this.#bus.post({ type: 'outputOperationStarted', outputOperation: { ...op } });
    void this.#runJob(run, run.set.jobs[index], op);
  }

  async #runJob(run: BatchRun, job: Job, op: OutputOperationInfo): Promise<void> {
    try {
      await job.run();
    } catch (e) {
      run.failure ??= new BatchFailedError(run.set.time, job.description, e);
      op.failureReason = describe(e);
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
    const info = run.info;
    info.processingEndTime = now();
    const start = info.processingStartTime ?? info.processingEndTime;
    info.processingDelayMs = info.processingEndTime - start;
    info.totalDelayMs = (info.schedulingDelayMs ?? 0) + info.processingDelayMs;
    if (run.failure !== undefined) info.failureReason = run.failure.message;
    if (this.#bus.hasListeners) this.#bus.post({ type: 'batchCompleted', batch: snapshot(info) });
    this.#hooks.onBatchCompleted(run.set.time);
    if (run.failure !== undefined) {
      this.#failed = true;
      this.#hooks.onError(run.failure);
    }
  }

  #notifyIfIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** What a listener receives: a copy, so events already delivered do not change as the batch moves on. */
function snapshot(info: BatchInfo): BatchInfo {
  return { ...info, outputOperations: info.outputOperations.map((op) => ({ ...op })) };
}
