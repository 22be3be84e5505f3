import { GraphValidationError, IllegalStateError, type Time } from '../core/index.ts';
import type { BatchContext } from '../rdd/index.ts';
import type { StateStoreChoice } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import type { InputDStream } from './input-dstream.ts';
import type { Job } from './job.ts';
import type { SourceEvent } from './source-event.ts';
import type { StreamingContextApi } from './streaming-context-api.ts';

/** Where `print` writes; the process's stdout unless the context is given another. */
export interface LineWriter {
  write(text: string): unknown;
}

export type GraphState = 'initialized' | 'active' | 'stopped';

/**
 * The streams of one context (Spark's `DStreamGraph`): inputs, outputs in registration order, the zero
 * time, and ids handed out in creation order so the same program always numbers its streams alike.
 */
export class DStreamGraph {
  readonly batchDurationMs: number;
  readonly batchContext: BatchContext;
  readonly stdout: LineWriter;
  readonly inputStreams: InputDStream<unknown>[] = [];
  readonly outputStreams: DStreamNode<unknown>[] = [];
  /** Input records per batch time and input stream, reported by inputs as they compute. */
  readonly inputInfo = new Map<number, Map<number, number>>();
  state: GraphState = 'initialized';
  zeroTime: Time | undefined;
  rememberDurationMs: number | undefined;
  /** Where checkpoints go (`ssc.checkpoint(dir)`); streams that must checkpoint require it at start. */
  checkpointDir: string | undefined;
  /** Where stateful operations keep their state unless they choose (the context's `stateStore` option). */
  stateStore: StateStoreChoice | undefined;
  /** Where input streams' events go; the context sets it to its listener bus. */
  sourceEvents: ((event: SourceEvent) => void) | undefined;
  readonly #onStop: (() => void | Promise<void>)[] = [];
  #nextStreamId = 0;
  readonly #nodes: DStreamNode<unknown>[] = [];

  /** The context that owns this graph. */
  readonly owner: StreamingContextApi;

  constructor(owner: StreamingContextApi, batchDurationMs: number, batchContext: BatchContext, stdout: LineWriter) {
    this.owner = owner;
    this.batchDurationMs = batchDurationMs;
    this.batchContext = batchContext;
    this.stdout = stdout;
  }

  /** Called by every stream's constructor: numbers it, and refuses new streams once started. */
  register(kind: string, node: DStreamNode<unknown>): number {
    if (this.state === 'active') {
      throw new IllegalStateError(
        `cannot add ${kind}: adding new inputs, transformations, and output operations after starting a context is not supported`,
      );
    }
    if (this.state === 'stopped') {
      throw new IllegalStateError(
        `cannot add ${kind}: adding new inputs, transformations, and output operations after stopping a context is not supported`,
      );
    }
    this.#nodes.push(node);
    return this.#nextStreamId++;
  }

  /** Every stream of the graph, in creation order. */
  get streams(): readonly DStreamNode<unknown>[] {
    return this.#nodes;
  }

  /**
   * One line per stream, in creation order: kind, slide, parents and parameters. A checkpoint stores it,
   * and a program restarting from that checkpoint must build the same lines (closures cannot be compared,
   * so this is what "the same graph" means).
   */
  fingerprint(): string[] {
    return this.#nodes.map((n) => n.fingerprint());
  }

  addInputStream(stream: InputDStream<unknown>): void {
    this.inputStreams.push(stream);
  }
  addOutputStream(stream: DStreamNode<unknown>): number {
    this.outputStreams.push(stream);
    return this.outputStreams.length - 1;
  }

  /** Keep every stream's datasets at least this long (Spark's `StreamingContext.remember`). */
  remember(durationMs: number): void {
    this.rememberDurationMs = durationMs;
  }

  validate(): void {
    if (this.outputStreams.length === 0) {
      throw new GraphValidationError(
        'No output operations registered, so nothing to execute: add foreachRDD, print or saveAsTextFiles before start()',
      );
    }
  }

  /** Sets the zero time and prepares every stream reachable from an output (Spark's `DStreamGraph.start`). */
  start(zeroTime: Time): void {
    if (this.zeroTime !== undefined) throw new IllegalStateError('DStream graph computation already started');
    this.zeroTime = zeroTime;
    for (const s of this.outputStreams) s.initialize(zeroTime);
    for (const s of this.outputStreams) s.remember(this.rememberDurationMs);
    for (const s of this.outputStreams) s.validateAtStart();
    for (const s of this.inputStreams) s.start();
    this.state = 'active';
  }

  /** A graceful stop begins: sources that take input in on their own (receivers) stop taking it. */
  stopReceiving(): void {
    for (const s of this.inputStreams) s.stopReceiving();
  }

  /** True while some source holds input taken in but not yet given to a batch. */
  hasUnallocatedInput(): boolean {
    return this.inputStreams.some((s) => s.hasUnallocatedInput());
  }

  /** Stops the inputs and runs the stop hooks; resolves when every hook's promise (a pool closing) has. */
  stop(): Promise<void> {
    const closing: Promise<void>[] = [];
    try {
      for (const s of this.inputStreams) s.stop();
    } finally {
      this.state = 'stopped';
      for (const release of this.#onStop.splice(0)) {
        const done = release();
        if (done instanceof Promise) closing.push(done);
      }
    }
    return Promise.all(closing).then(() => undefined);
  }

  /** Runs `release` when the graph stops (stateful streams free their stores, sinks close their connections). */
  onStop(release: () => void | Promise<void>): void {
    this.#onStop.push(release);
  }

  /** What the input streams must fetch before batch `time` is generated; `undefined` when none must wait. */
  prepareInputs(time: Time): Promise<void> | undefined {
    let pending: Promise<void>[] | undefined;
    for (const s of this.inputStreams) {
      const p = s.prepareBatch(time);
      if (p !== undefined) (pending ??= []).push(p);
    }
    return pending === undefined ? undefined : Promise.all(pending).then(() => undefined);
  }

  /** The jobs of batch `time`, one per output operation that has data for it, in registration order. */
  generateJobs(time: Time): Job[] {
    const jobs: Job[] = [];
    for (const s of this.outputStreams) {
      const job = s.generateJob(time);
      if (job !== undefined) jobs.push(job);
    }
    return jobs;
  }

  /** Input records per input stream for batch `time`, then forgets them. */
  takeInputInfo(time: Time): Map<number, number> {
    const info = this.inputInfo.get(time) ?? new Map<number, number>();
    this.inputInfo.delete(time);
    return info;
  }

  reportInput(time: Time, streamId: number, numRecords: number): void {
    let forTime = this.inputInfo.get(time);
    if (forTime === undefined) {
      forTime = new Map();
      this.inputInfo.set(time, forTime);
    }
    forTime.set(streamId, numRecords);
  }

  /** Drops datasets no stream needs after batch `time` completed. */
  clearMetadata(time: Time): void {
    for (const s of this.outputStreams) s.clearMetadata(time);
  }
}
