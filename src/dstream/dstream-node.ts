import {
  GraphValidationError,
  IllegalStateError,
  InvalidDurationError,
  MissingDatasetError,
  type Time,
  Time as TimeOps,
} from '../core/index.ts';
import type { BatchContext, Rdd } from '../rdd/index.ts';
import { creationSite } from './creation-site.ts';
import type { DStreamGraph } from './dstream-graph.ts';
import type { Job } from './job.ts';

/**
 * The contract of one kind of stream (Spark's `DStream` subclasses): a kind says what it depends on, how
 * often it produces a dataset, and how it computes the dataset for a time. The public {@link DStream}
 * wraps a node; everything below the kind banner is shared machinery.
 */
export abstract class DStreamNode<T> {
  readonly graph: DStreamGraph;
  readonly id: number;
  /** `file:line` of the user code that created this stream. */
  readonly creationSite: string;
  zeroTime: Time | undefined;
  rememberDurationMs: number | undefined;
  /** Datasets generated so far, by batch time; only times that produced a dataset are kept. */
  readonly generatedRdds = new Map<number, Rdd<T>>();
  /** When set, generated datasets keep their computed partitions (Spark's `persist`). */
  persisted = false;
  /** How often this stream's data is checkpointed (Spark's `checkpointDuration`); set by `checkpoint(ms)` or by default for kinds that must checkpoint. */
  checkpointDurationMs: number | undefined;

  constructor(graph: DStreamGraph, kind: string) {
    this.graph = graph;
    this.id = graph.register(kind, this as DStreamNode<unknown>);
    this.creationSite = creationSite();
  }

  // ---- what a kind implements ----
  /** The user-facing operation that made this stream: `map`, `window`, `queueStream`, … */
  abstract readonly name: string;
  abstract readonly dependencies: readonly DStreamNode<unknown>[];
  /** Time between two datasets of this stream. */
  abstract readonly slideDurationMs: number;
  /** The dataset for a valid `time`, or `undefined` when this stream has none then. */
  abstract compute(time: Time): Rdd<T> | undefined;
  /**
   * Kinds whose datasets depend on their own earlier datasets (state, windows with an inverse) must be
   * checkpointed: a checkpoint directory is then required, and the interval defaults as in Spark.
   */
  get mustCheckpoint(): boolean {
    return false;
  }
  /** How long parents must keep their datasets; windows need theirs for a whole window longer. */
  parentRememberDurationMs(): number | undefined {
    return this.rememberDurationMs;
  }

  /** Parameters that change what this kind computes (a window's length, a state's partitions), for {@link fingerprint}. */
  fingerprintParams(): string {
    return '';
  }

  // ---- what every DStream has ----
  get batchContext(): BatchContext {
    return this.graph.batchContext;
  }
  get isInitialized(): boolean {
    return this.zeroTime !== undefined;
  }

  #description: string | undefined;
  /** `map (stream 3) at app.ts:12`. */
  describe(): string {
    this.#description ??= `${this.name} (stream ${this.id}) at ${this.creationSite}`;
    return this.#description;
  }

  /** `3 window slide=2000 parents=2 window=4000`: this stream's line of the graph fingerprint. */
  fingerprint(): string {
    const params = this.fingerprintParams();
    const parents = this.dependencies.map((d) => d.id).join(',');
    return `${this.id} ${this.name} slide=${this.slideDurationMs} parents=${parents || '-'}${params === '' ? '' : ` ${params}`}`;
  }

  initialize(zeroTime: Time): void {
    if (this.zeroTime !== undefined && this.zeroTime !== zeroTime) {
      throw new IllegalStateError(`${this.describe()} already initialised with zero time ${this.zeroTime}`);
    }
    this.zeroTime = zeroTime;
    if (this.mustCheckpoint && this.checkpointDurationMs === undefined) {
      this.checkpointDurationMs = defaultCheckpointIntervalMs(this.slideDurationMs);
    }
    const minRemember = this.slideDurationMs;
    if (this.rememberDurationMs === undefined || this.rememberDurationMs < minRemember) {
      this.rememberDurationMs = minRemember;
    }
    for (const d of this.dependencies) d.initialize(zeroTime);
  }

  /** Remember datasets for at least `durationMs`, and make parents remember what this stream needs. */
  remember(durationMs: number | undefined): void {
    if (durationMs !== undefined && (this.rememberDurationMs === undefined || durationMs > this.rememberDurationMs)) {
      this.rememberDurationMs = durationMs;
    }
    const forParents = this.parentRememberDurationMs();
    for (const d of this.dependencies) d.remember(forParents);
  }

  validateAtStart(): void {
    if (this.rememberDurationMs === undefined)
      throw new IllegalStateError(`${this.describe()}: remember duration not set`);
    const interval = this.checkpointDurationMs;
    if (interval !== undefined) {
      if (this.graph.checkpointDir === undefined) {
        throw new GraphValidationError(
          `${this.describe()} needs checkpointing (interval ${interval} ms), but the checkpoint directory has not been set: call ssc.checkpoint(directory) before start()`,
        );
      }
      if (interval % this.slideDurationMs !== 0) {
        throw new InvalidDurationError(
          `The checkpoint interval of ${this.describe()} (${interval} ms) must be a multiple of its slide duration (${this.slideDurationMs} ms)`,
        );
      }
    }
    for (const d of this.dependencies) d.validateAtStart();
  }

  /** A valid time is after the zero time by a whole number of slides. */
  isTimeValid(time: Time): boolean {
    if (this.zeroTime === undefined) throw new IllegalStateError(`${this.describe()} has not been initialized`);
    return time > this.zeroTime && (time - this.zeroTime) % this.slideDurationMs === 0;
  }

  /** {@link compute}, made once: getOrCompute runs for every stream of every batch. */
  readonly #computeAt = (time: Time): Rdd<T> | undefined => this.compute(time);

  /** The dataset for `time`, computed once and then remembered (Spark's `getOrCompute`). */
  getOrCompute(time: Time): Rdd<T> | undefined {
    const existing = this.generatedRdds.get(time);
    if (existing !== undefined) return existing;
    if (!this.isTimeValid(time)) return undefined;
    const rdd = this.batchContext.withScope(this.describe(), this.#computeAt, time);
    if (rdd !== undefined) {
      if (this.persisted) rdd.persist();
      this.generatedRdds.set(time, rdd);
    }
    return rdd;
  }

  /** The parent's dataset for `time`, which a kind that cannot do without it requires. */
  requireParentRdd<P>(parent: DStreamNode<P>, time: Time): Rdd<P> {
    const rdd = parent.getOrCompute(time);
    if (rdd === undefined) {
      throw new MissingDatasetError(
        `${this.describe()} could not get a dataset from its parent ${parent.describe()} at time ${TimeOps.format(time)}`,
      );
    }
    return rdd;
  }

  /** Output streams override this; other streams run nothing themselves. */
  generateJob(_time: Time): Job | undefined {
    return undefined;
  }

  /** Forgets datasets older than the remember duration, here and upstream. */
  clearMetadata(time: Time): void {
    const remember = this.rememberDurationMs ?? 0;
    for (const t of this.generatedRdds.keys()) {
      if (t <= time - remember) this.generatedRdds.delete(t);
    }
    for (const d of this.dependencies) d.clearMetadata(time);
  }

  /**
   * The datasets of every valid time in [fromTime, toTime], both ends aligned down to this stream's
   * slide (Spark's `slice`).
   */
  slice(fromTime: number, toTime: number): Rdd<T>[] {
    const zero = this.zeroTime;
    if (zero === undefined) throw new IllegalStateError(`${this.describe()} has not been initialized`);
    const slide = this.slideDurationMs;
    const alignedTo = (toTime - zero) % slide === 0 ? toTime : TimeOps.floor(toTime, slide, zero);
    const alignedFrom = (fromTime - zero) % slide === 0 ? fromTime : TimeOps.floor(fromTime, slide, zero);
    const out: Rdd<T>[] = [];
    for (let t = alignedFrom; t <= alignedTo; t += slide) {
      if (t >= zero) {
        const rdd = this.getOrCompute(t as Time);
        if (rdd !== undefined) out.push(rdd);
      }
    }
    return out;
  }

  /** Throws unless `durationMs` is a multiple of this stream's slide; `what` names the duration. */
  requireMultipleOfSlide(what: string, durationMs: number, child: string): void {
    if (!Number.isInteger(durationMs) || durationMs <= 0 || durationMs % this.slideDurationMs !== 0) {
      throw new InvalidDurationError(
        `The ${what} of ${child} (${durationMs} ms) must be a multiple of the slide duration of its parent ${this.describe()} (${this.slideDurationMs} ms)`,
      );
    }
  }
}

/** Spark's default for streams that must checkpoint: the first multiple of the slide that is at least 10 s. */
export function defaultCheckpointIntervalMs(slideMs: number): number {
  return Math.max(1, Math.ceil(10_000 / slideMs)) * slideMs;
}
