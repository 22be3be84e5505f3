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

const now = (): number => performance.timeOrigin + performance.now();

/**
 * Runs job sets in batch order (Spark's `JobScheduler`). With the default of one concurrent job, a
 * batch's output operations run one after another and a batch starts only when the previous one ended;
 * `concurrentJobs > 1` lets up to that many jobs (of one or several batches) run at once.
 */
export class JobScheduler {
  readonly #bus: ListenerBus;
  readonly #hooks: JobSchedulerHooks;
  readonly #concurrentJobs: number;
  readonly #pending: { set: JobSet; info: BatchInfo }[] = [];
  #running = 0;
  #failed = false;
  #idleWaiters: (() => void)[] = [];

  constructor(bus: ListenerBus, hooks: JobSchedulerHooks, concurrentJobs = 1) {
    this.#bus = bus;
    this.#hooks = hooks;
    this.#concurrentJobs = concurrentJobs;
  }

  /** Batches submitted and not yet completed. */
  get backlog(): number {
    return this.#pending.length + this.#running;
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
    this.#bus.post({ type: 'batchSubmitted', batch: info });
    this.#pending.push({ set, info });
    this.#pump();
  }

  /** Drops batches not yet started (a stop that does not finish received data). */
  dropPending(): void {
    this.#pending.length = 0;
    this.#notifyIfIdle();
  }

  /** Resolves when no batch is queued or running. */
  whenIdle(): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrentJobs && this.#pending.length > 0 && !this.#failed) {
      const next = this.#pending.shift();
      if (next === undefined) break;
      this.#running++;
      void this.#runBatch(next.set, next.info).finally(() => {
        this.#running--;
        this.#pump();
        this.#notifyIfIdle();
      });
    }
  }

  #notifyIfIdle(): void {
    if (this.backlog !== 0 && !this.#failed) return;
    if (this.#running !== 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  async #runBatch(set: JobSet, info: BatchInfo): Promise<void> {
    info.processingStartTime = now();
    info.schedulingDelayMs = info.processingStartTime - info.submissionTime;
    this.#bus.post({ type: 'batchStarted', batch: info });
    let failure: BatchFailedError | undefined;
    for (let i = 0; i < set.jobs.length && failure === undefined; i++) {
      const job = set.jobs[i];
      const op = info.outputOperations[i];
      op.startTime = now();
      this.#bus.post({ type: 'outputOperationStarted', outputOperation: op });
      try {
        await job.run();
      } catch (e) {
        failure = new BatchFailedError(set.time, job.description, e);
        op.failureReason = describe(e);
      }
      op.endTime = now();
      op.durationMs = op.endTime - op.startTime;
      this.#bus.post({ type: 'outputOperationCompleted', outputOperation: op });
    }
    info.processingEndTime = now();
    info.processingDelayMs = info.processingEndTime - info.processingStartTime;
    info.totalDelayMs = info.schedulingDelayMs + info.processingDelayMs;
    if (failure !== undefined) info.failureReason = failure.message;
    this.#bus.post({ type: 'batchCompleted', batch: info });
    this.#hooks.onBatchCompleted(set.time);
    if (failure !== undefined) {
      this.#failed = true;
      this.#pending.length = 0;
      this.#hooks.onError(failure);
    }
  }
}
