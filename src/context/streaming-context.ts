// Composition root: wires the graph, the scheduler and the sources behind Spark's StreamingContext API.
import { accessSync, constants, mkdirSync } from 'node:fs';
import type { CheckpointDirectory } from '../checkpoint/index.ts';
import {
  type BatchFailedError,
  type Clock,
  IllegalStateError,
  InvalidArgumentError,
  requirePositiveDuration,
  SystemClock,
  Time,
} from '../core/index.ts';
import {
  DStream,
  DStreamGraph,
  type DStreamNode,
  type InputDStream,
  type LineWriter,
  type StreamingContextApi,
  TransformedDStream,
  UnionDStream,
} from '../dstream/index.ts';
import { BatchContext, type Rdd } from '../rdd/index.ts';
import { type Receiver, ReceiverInputDStream, type ReceiverStreamOptions } from '../receiver/index.ts';
import { JobGenerator, JobScheduler, ListenerBus, type StreamingListener } from '../scheduler/index.ts';
import {
  ConstantInputDStream,
  FileInputDStream,
  FileStream,
  type FileStreamOptions,
  KafkaDirectInputDStream,
  KafkaDirectStream,
  type KafkaDirectStreamOptions,
  QueueInputDStream,
  RateInputDStream,
  type RateStreamOptions,
  SeededTextInputDStream,
  type SeededTextStreamOptions,
  SocketInputDStream,
  SocketTextStream,
  type SocketTextStreamOptions,
} from '../sources/index.ts';
import type { StateStoreChoice } from '../state/index.ts';
import { CheckpointWriter } from './checkpoint-writer.ts';
import type { MetadataCheckpoint } from './metadata-checkpoint.ts';
import { openCheckpointDirectory } from './open-checkpoint-directory.ts';

export interface StreamingContextOptions {
  /** Time between batches, in ms (Spark's `batchDuration`). Required, > 0. */
  batchDurationMs: number;
  /** Where time comes from; a `ManualClock` in tests. Default: the system clock. */
  clock?: Clock;
  /** Partitions of shuffles when an operation is not given a count (Spark's `spark.default.parallelism`). */
  defaultParallelism?: number;
  /** Jobs run at once; 1 (the default) keeps batches and their output operations strictly in order. */
  concurrentJobs?: number;
  /** Where `print()` writes. Default: process.stdout. */
  stdout?: LineWriter;
  /**
   * Names the application in its checkpoints: a checkpoint directory written by another application is
   * refused. Default `'sluice'`.
   */
  appName?: string;
  /** Share an existing batch-level context instead of creating one. */
  batchContext?: BatchContext;
  /** Where `updateStateByKey` and `mapWithState` keep state unless they choose: `'memory'` (default) or a store factory. */
  stateStore?: StateStoreChoice;
  /**
   * Receiver streams keep a write-ahead log unless they choose (Spark's
   * `spark.streaming.receiver.writeAheadLog.enable`). Default false.
   */
  receiverWriteAheadLog?: boolean;
}

/** How {@link StreamingContext.getOrCreate} resumes. */
export interface RecoveryOptions {
  /**
   * Run the batch times missed while the program was down as one catch-up batch (at the last of them)
   * instead of one batch each. Sources that read from positions (offsets, files) read the whole gap in it.
   * Default false: every missed batch runs, in order, as Spark does.
   */
  coalesceDownTime?: boolean;
}

export interface StopOptions {
  /** Finish every batch already generated before stopping (default true); false drops batches not yet started. */
  stopGracefully?: boolean;
}

/** `initialized` until `start()`, `active` while running, `stopped` after `stop()` or a failure. */
export type StreamingContextState = 'initialized' | 'active' | 'stopped';

/**
 * The entry point of a streaming program (Spark's `StreamingContext`): create input streams, transform
 * them, register outputs, then `start()`. Batches are generated every `batchDurationMs` on its clock.
 *
 * @example
 * const ssc = new StreamingContext({ batchDurationMs: 1000 });
 * ssc.seededTextStream().flatMap((l) => l.split(' ')).countByValue().print();
 * ssc.start();
 * await ssc.awaitTerminationOrTimeout(5000);
 * await ssc.stop();
 * @throws InvalidDurationError when `batchDurationMs` is not a positive whole number
 */
export class StreamingContext implements StreamingContextApi {
  readonly graph: DStreamGraph;
  readonly batchContext: BatchContext;
  readonly clock: Clock;
  readonly #bus = new ListenerBus();
  readonly #options: { readonly appName: string; readonly receiverWriteAheadLog: boolean };
  readonly #scheduler: JobScheduler;
  readonly #generator: JobGenerator;
  #state: StreamingContextState = 'initialized';
  #error: Error | undefined;
  #checkpointDir: string | undefined;
  #stopping: Promise<void> | undefined;
  #terminationWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #recovery: { readonly checkpoint: MetadataCheckpoint; readonly options: RecoveryOptions } | undefined;
  #rescheduledTimes: readonly Time[] = [];
  #checkpointDirectory: CheckpointDirectory | undefined;

  /**
   * Recreates the program from the newest valid checkpoint in `directory`, or creates it anew when the
   * directory holds no checkpoint (Spark's `getOrCreate`). `factory` builds the program either way: it
   * must build the same graph as the program that wrote the checkpoint (closures cannot be saved, so
   * streams are matched by their position and kind). On `start()`, a recreated program first runs the
   * batches pending at the checkpoint and every batch time that passed while it was down, in order.
   * @throws CheckpointMismatchError when the factory's graph differs from the checkpoint's, naming the first difference
   * @throws NoValidCheckpointError when the directory holds checkpoints and none of them is valid
   */
  static getOrCreate(
    directory: string,
    factory: () => StreamingContext,
    options: RecoveryOptions = {},
  ): StreamingContext {
    const ssc = factory();
    if (!(ssc instanceof StreamingContext)) {
      throw new InvalidArgumentError(`getOrCreate: the factory must return a StreamingContext, got ${String(ssc)}`);
    }
    if (ssc.checkpointDir === undefined) ssc.checkpoint(directory);
    const opened = openCheckpointDirectory(ssc.#checkpointDir ?? directory, ssc.#options.appName, ssc.graph, ssc.#bus);
    ssc.#checkpointDirectory = opened.directory;
    const checkpoint = opened.checkpoint;
    if (checkpoint === undefined) return ssc;
    if (checkpoint.batchDurationMs !== ssc.batchDurationMs) {
      opened.directory.close();
      throw new InvalidArgumentError(
        `the checkpoint in ${directory} was written with batchDurationMs ${checkpoint.batchDurationMs}, this program has ${ssc.batchDurationMs}`,
      );
    }
    ssc.#recovery = { checkpoint, options };
    return ssc;
  }

  constructor(options: StreamingContextOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidArgumentError('StreamingContext needs an options object with batchDurationMs');
    }
    const batchDurationMs = requirePositiveDuration('batchDurationMs', options.batchDurationMs);
    const concurrentJobs = options.concurrentJobs ?? 1;
    if (!Number.isInteger(concurrentJobs) || concurrentJobs < 1) {
      throw new InvalidArgumentError(`concurrentJobs must be a whole number >= 1, got ${concurrentJobs}`);
    }
    this.#options = {
      appName: options.appName ?? 'sluice',
      receiverWriteAheadLog: options.receiverWriteAheadLog ?? false,
    };
    this.clock = options.clock ?? new SystemClock();
    this.batchContext = options.batchContext ?? new BatchContext({ defaultParallelism: options.defaultParallelism });
    this.graph = new DStreamGraph(this, batchDurationMs, this.batchContext, options.stdout ?? process.stdout);
    this.graph.stateStore = options.stateStore;
    this.graph.sourceEvents = (event) => this.#bus.post(event);
    this.#scheduler = new JobScheduler(
      this.#bus,
      {
        onBatchCompleted: (time) => this.#generator.onBatchCompleted(time),
        onError: (error) => this.#fail(error),
      },
      concurrentJobs,
    );
    this.#generator = new JobGenerator(this.clock, this.graph, this.#scheduler, (error) => this.#fail(error));
  }

  /** Spark's name for the batch-level context. */
  get sparkContext(): BatchContext {
    return this.batchContext;
  }
  get batchDurationMs(): number {
    return this.graph.batchDurationMs;
  }
  get checkpointDir(): string | undefined {
    return this.#checkpointDir;
  }
  /** The batch time of the checkpoint this program was recreated from (`getOrCreate`), if it was. */
  get recoveredCheckpointTime(): Time | undefined {
    const c = this.#recovery?.checkpoint;
    return c === undefined ? undefined : Time.of(c.checkpointTime);
  }
  /** The batch times a recreated program ran again at `start()`, in order; empty for a fresh start. */
  get rescheduledTimes(): readonly Time[] {
    return this.#rescheduledTimes;
  }
  getState(): StreamingContextState {
    return this.#state;
  }

  // ---- inputs ----
  /** Datasets (or arrays) taken from `queue`, one per batch or all at once (Spark's `queueStream`). */
  queueStream<T>(queue: (Rdd<T> | readonly T[])[], oneAtATime = true, defaultRdd?: Rdd<T>): DStream<T> {
    return new DStream(new QueueInputDStream(this, queue, oneAtATime, defaultRdd));
  }
  /** The same dataset at every batch. */
  constantInputStream<T>(rdd: Rdd<T>): DStream<T> {
    return new DStream(new ConstantInputDStream(this, rdd));
  }
  /** Seeded, Zipf-distributed lines of words: a replayable source that needs no service. */
  seededTextStream(options: SeededTextStreamOptions = {}): DStream<string> {
    return new DStream(new SeededTextInputDStream(this, options));
  }
  /**
   * `[timestampMs, value]` records at `recordsPerSecond` of batch time, values counting up from 0 across
   * batches (Spark's `rate` source): replayable, a pure function of the batch time.
   * @throws InvalidArgumentError when an option is out of range
   */
  rateStream(options: RateStreamOptions): DStream<[number, number]> {
    return new DStream(new RateInputDStream(this, options));
  }
  /**
   * Lines of text from a TCP connection to `host:port` (Spark's `socketTextStream`), read by a socket
   * receiver: lines are cut into blocks every `blockIntervalMs` and each batch takes the blocks completed
   * before its time. Reconnects up to `maxRetries` times in a row, then fails the next batch without
   * lines; bad lines follow `onBadRecord`. At-most-once: a batch run again after a restart does not get
   * its lines back (with `writeAheadLog`, lines stored before a stop or a crash do come back).
   * @throws InvalidArgumentError when the host, the port or an option is out of range
   */
  socketTextStream(host: string, port: number, options: SocketTextStreamOptions = {}): SocketTextStream {
    const o = { writeAheadLog: this.#options.receiverWriteAheadLog, ...options };
    return new SocketTextStream(new SocketInputDStream(this, this.clock, host, port, o, (e) => this.#bus.post(e)));
  }
  /**
   * The lines of new files in `directory`, batch by batch (Spark's `textFileStream`); see {@link fileStream}.
   * @throws InvalidArgumentError when the directory is not a non-empty path
   */
  textFileStream(directory: string): FileStream<string> {
    return new FileStream(new FileInputDStream<string>(this, this.clock, directory, {}, 'textFileStream'));
  }
  /**
   * The records of new files in `directory` (Spark's `fileStream`): at each batch, the files modified
   * since the previous batch and not read before, each decoded line by line (`decode`: text, JSON Lines, or
   * a function). A batch's file list is kept in the checkpoint. The directory must exist at `start()`.
   * @throws InvalidArgumentError when an option is out of range
   */
  fileStream<T = string>(directory: string, options: FileStreamOptions<T> = {}): FileStream<T> {
    return new FileStream(new FileInputDStream<T>(this, this.clock, directory, options));
  }
  /**
   * Records of Kafka topics, batch by batch (Spark's `KafkaUtils.createDirectStream`): each batch reads the
   * offset ranges fixed for it when it is generated (from where the previous batch stopped to the latest
   * offsets, capped by `maxRatePerPartition`), kept in the checkpoint so a re-run batch reads them again.
   * Subscribe by `topics`, `topicPattern` or explicit `partitions`; keys and values are decoded by codecs.
   * @throws InvalidArgumentError when an option is missing or out of range
   */
  kafkaDirectStream<K = string, V = string>(options: KafkaDirectStreamOptions<K, V>): KafkaDirectStream<K, V> {
    return new KafkaDirectStream(new KafkaDirectInputDStream<K, V>(this, options));
  }
  /**
   * The records a custom {@link Receiver} stores, cut into blocks every `blockIntervalMs`, each batch
   * taking the blocks completed before its time (Spark's `receiverStream`). The receiver starts with the
   * context and stops with it. With `writeAheadLog` (needs a checkpoint directory), stored blocks survive
   * a stop or a crash and are read back by `getOrCreate`.
   * @throws InvalidArgumentError when an option is out of range or `receiver` is not a Receiver
   */
  receiverStream<T>(receiver: Receiver<T>, options: ReceiverStreamOptions = {}): DStream<T> {
    const o = { writeAheadLog: this.#options.receiverWriteAheadLog, ...options };
    return new DStream(new ReceiverInputDStream(this, this.clock, receiver, o, (e) => this.#bus.post(e)));
  }
  /** A stream from a custom input (a subclass of `InputDStream` constructed with this context). */
  inputStream<T>(input: InputDStream<T>): DStream<T> {
    return new DStream(input);
  }

  // ---- combining streams ----
  /** All records of every stream, batch by batch; the streams must have the same slide. */
  union<T>(streams: readonly DStream<T>[]): DStream<T> {
    return new DStream(new UnionDStream(streams.map((s) => s.node)));
  }
  /** A dataset function of several streams' datasets at each batch time. */
  transform<T>(streams: readonly DStream<any>[], f: (rdds: Rdd<any>[], time: Time) => Rdd<T>): DStream<T> {
    return new DStream(
      new TransformedDStream<T>(
        streams.map((s) => s.node as DStreamNode<unknown>),
        f,
        'transform',
      ),
    );
  }

  // ---- configuration ----
  /** Keep every stream's datasets for at least `durationMs` (to query them with `slice`). */
  remember(durationMs: number): void {
    this.graph.remember(requirePositiveDuration('remember duration', durationMs));
  }
  /**
   * Sets the directory for checkpoints. It is created if missing and must be writable; a directory that
   * cannot be written is reported here, not at the first checkpoint.
   */
  checkpoint(directory: string): void {
    try {
      mkdirSync(directory, { recursive: true });
      accessSync(directory, constants.W_OK);
    } catch (e) {
      throw new InvalidArgumentError(`checkpoint directory ${directory} is not writable: ${String(e)}`);
    }
    this.#checkpointDir = directory;
    this.graph.checkpointDir = directory;
  }
  /** Subscribes to batch and output-operation events; returns a function that unsubscribes. */
  addStreamingListener(listener: StreamingListener): () => void {
    return this.#bus.add(listener);
  }

  // ---- lifecycle ----
  /**
   * Starts generating batches. The graph is validated first.
   * @throws IllegalStateError when already started or stopped
   * @throws GraphValidationError when no output operation is registered
   */
  start(): void {
    if (this.#state === 'active') throw new IllegalStateError('StreamingContext has already been started');
    if (this.#state === 'stopped') throw new IllegalStateError('StreamingContext has already been stopped');
    this.graph.validate();
    if (this.#checkpointDir !== undefined) {
      this.#checkpointDirectory ??= openCheckpointDirectory(
        this.#checkpointDir,
        this.#options.appName,
        this.graph,
        this.#bus,
        false,
      ).directory;
    }
    try {
      this.#startGenerating();
    } catch (e) {
      this.#checkpointDirectory?.close();
      this.#checkpointDirectory = undefined;
      throw e;
    }
    this.#state = 'active';
    this.#bus.post({ type: 'streamingStarted', time: this.clock.getTimeMillis() });
  }

  /** A fresh start, or the restart of a program recreated from a checkpoint. */
  #startGenerating(): void {
    const directory = this.#checkpointDirectory;
    const writer =
      directory === undefined ? undefined : new CheckpointWriter(this.graph, this.#scheduler, directory, this.#bus);
    this.#generator.checkpointHook = writer;
    const recovery = this.#recovery;
    if (recovery === undefined) {
      if (directory !== undefined && directory.listMetadata().length > 0) {
        throw new IllegalStateError(
          `the checkpoint directory ${directory.path} holds the checkpoints of an earlier run: resume it with StreamingContext.getOrCreate, or use an empty directory`,
        );
      }
      this.#generator.start();
      return;
    }
    const c = recovery.checkpoint;
    writer?.state.restore(c.stateVersions);
    const inputs = new Map(c.inputs);
    for (const input of this.graph.inputStreams) {
      if (inputs.has(input.id)) input.restoreCheckpointData(inputs.get(input.id));
    }
    this.#rescheduledTimes = this.#generator.restart(
      Time.of(c.zeroTime),
      { checkpointTime: Time.of(c.checkpointTime), pendingTimes: c.pendingTimes.map((t) => Time.of(t)) },
      recovery.options.coalesceDownTime,
    );
  }

  /**
   * Stops the context. Gracefully by default: batches already generated run to completion first.
   * Resolves once stopped; stopping twice is harmless.
   */
  stop(options: StopOptions = {}): Promise<void> {
    return this.#shutdown(options.stopGracefully ?? true);
  }

  /** Resolves when the context stops; rejects with the error that stopped it, if any. */
  awaitTermination(): Promise<void> {
    if (this.#state === 'stopped' && this.#stopping === undefined) {
      return this.#error === undefined ? Promise.resolve() : Promise.reject(this.#error);
    }
    return new Promise((resolve, reject) => this.#terminationWaiters.push({ resolve, reject }));
  }

  /**
   * Like `awaitTermination`, but gives up after `timeoutMs` of real time: resolves `true` once stopped,
   * `false` on timeout, and rejects (as `awaitTermination` does) when the context stopped with an error.
   */
  async awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.awaitTermination().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #fail(error: BatchFailedError): void {
    if (this.#error === undefined) this.#error = error;
    if (this.#terminationWaiters.length === 0) {
      process.stderr.write(`sluice: streaming stopped: ${error.message}\n`);
    }
    // Directly: a graceful stop already under way may still be generating its last batches.
    this.#generator.stop();
    void this.#shutdown(false);
  }

  #shutdown(graceful: boolean): Promise<void> {
    if (this.#stopping !== undefined) {
      // A hard stop during a graceful one: batches not started and the wait for received input are dropped.
      if (!graceful) {
        this.#generator.stop();
        this.#scheduler.dropPending();
      }
      return this.#stopping;
    }
    if (this.#state !== 'active') {
      this.#state = 'stopped';
      this.graph.state = 'stopped';
      this.#settle();
      return Promise.resolve();
    }
    const stopped = Promise.withResolvers<void>();
    // Set before anything runs: generating the last batches of a graceful stop may fail a batch, which
    // stops the context again from inside this call.
    this.#stopping = stopped.promise;
    // Receivers stop first, so the last batches take everything they stored (Spark's graceful stop).
    if (graceful) this.graph.stopReceiving();
    this.#generator.stop(graceful);
    if (!graceful) this.#scheduler.dropPending();
    // A batch still waiting for its input (a Kafka fetch) is generated first, or dropped without `graceful`.
    this.#generator
      .whenIdle()
      .then(() => this.#scheduler.whenIdle())
      .then(async () => {
        try {
          await this.graph.stop();
        } finally {
          this.#checkpointDirectory?.close();
          this.#checkpointDirectory = undefined;
          this.#state = 'stopped';
          // this.#error, not an argument: a batch may fail while a graceful stop waits for it.
          this.#bus.post({ type: 'streamingStopped', time: this.clock.getTimeMillis(), error: this.#error });
          this.#stopping = undefined;
          this.#settle();
        }
      })
      .then(stopped.resolve, stopped.reject);
    return stopped.promise;
  }

  #settle(): void {
    const waiters = this.#terminationWaiters;
    this.#terminationWaiters = [];
    for (const w of waiters) {
      if (this.#error === undefined) w.resolve();
      else w.reject(this.#error);
    }
  }
}
