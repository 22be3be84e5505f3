import { join } from 'node:path';
import {
  type Clock,
  decodeValue,
  encodeValue,
  IllegalStateError,
  InvalidArgumentError,
  ReceiverFailedError,
  SourceReadError,
  type Time,
} from '../core/index.ts';
import { type GraphOwner, InputDStream } from '../dstream/index.ts';
import { Rdd } from '../rdd/index.ts';
import { BlockRdd } from './block-rdd.ts';
import { type ReceivedBlock, type ReceivedBlockCheckpoint, ReceivedBlockTracker } from './received-block-tracker.ts';
import type { Receiver } from './receiver.ts';
import type { ReceiverEvent } from './receiver-event.ts';
import { ReceiverSupervisor } from './receiver-supervisor.ts';
import { WriteAheadLog } from './write-ahead-log.ts';

/** How `ssc.receiverStream` runs a receiver. */
export interface ReceiverStreamOptions {
  /**
   * Records are cut into a block (one partition of a batch) every `blockIntervalMs` of the clock (Spark's
   * `spark.streaming.blockInterval`, 200 ms). Default: a fifth of the batch interval, at most 200 ms and
   * at least 1 ms, so a batch has about five partitions at millisecond batch intervals too.
   */
  blockIntervalMs?: number;
  /** At most this many records per second are admitted; `store` waits for its turn (Spark's `spark.streaming.receiver.maxRate`). Default: no limit. */
  maxRatePerSecond?: number;
  /** Delay of a restart asked without one, and after `onStart` throws (Spark: 2000 ms). */
  restartDelayMs?: number;
  /**
   * Write each block to a write-ahead log under the checkpoint directory, fsynced before `storeAll`
   * resolves, and read back on recovery (Spark's `spark.streaming.receiver.writeAheadLog.enable`).
   * Needs a checkpoint directory. Default: the context's `receiverWriteAheadLog` option, else false.
   */
  writeAheadLog?: boolean;
  /** A log segment is closed and a new one begun once it holds this many bytes. Default 8 MiB. */
  writeAheadLogSegmentBytes?: number;
}

const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;

function wholeAtLeast(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`receiverStream: ${name} must be a whole number >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * The input stream of a {@link Receiver} (Spark's `ReceiverInputDStream` with its receiver supervisor
 * and received-block tracker): the receiver runs from the context's start to its stop, and each batch
 * takes the blocks completed before its time, one partition per block, fixed when the batch is
 * generated. With the write-ahead log, blocks are durable before they count as stored, and a program
 * recreated from its checkpoint gets back the blocks of batches it runs again and those not yet given to
 * a batch; without it, records not yet processed are lost when the program stops (at most once).
 */
export class ReceiverInputDStream<T> extends InputDStream<T> {
  readonly name: string;
  readonly receiver: Receiver<T>;
  readonly blockIntervalMs: number;
  readonly writeAheadLog: boolean;
  readonly #supervisor: ReceiverSupervisor<T>;
  readonly #tracker = new ReceivedBlockTracker<T>();
  readonly #segmentBytes: number;
  readonly #report: (event: ReceiverEvent) => void;
  #log: WriteAheadLog | undefined;
  #nextSeq = 0;
  #restored: ReceivedBlockCheckpoint | undefined;
  #lastClearedMs: number | undefined;
  /** Blocks whose batches are forgotten; their log segments go once a checkpoint without them is durable. */
  #deletableBeforeSeq: number | undefined;
  /** Blocks written to the log and not yet fsynced, with their stores waiting for the fsync. */
  #unsynced: { readonly block: ReceivedBlock<T>; readonly durable: PromiseWithResolvers<void> }[] = [];
  #syncSoon: NodeJS.Immediate | undefined;

  constructor(
    owner: GraphOwner,
    clock: Clock,
    receiver: Receiver<T>,
    options: ReceiverStreamOptions,
    report: (event: ReceiverEvent) => void,
    kind = 'receiverStream',
  ) {
    super(owner, kind);
    this.name = kind;
    if (receiver === null || typeof receiver !== 'object' || typeof receiver.onStart !== 'function') {
      throw new InvalidArgumentError(`receiverStream: expected a Receiver, got ${String(receiver)}`);
    }
    const o = options ?? {};
    const batchMs = this.slideDurationMs;
    this.blockIntervalMs = wholeAtLeast(
      'blockIntervalMs',
      o.blockIntervalMs ?? Math.max(1, Math.min(200, Math.floor(batchMs / 5))),
      1,
    );
    if (o.maxRatePerSecond !== undefined && !(o.maxRatePerSecond > 0 && Number.isFinite(o.maxRatePerSecond))) {
      throw new InvalidArgumentError(
        `receiverStream: maxRatePerSecond must be a number > 0, got ${o.maxRatePerSecond}`,
      );
    }
    const restartDelayMs = wholeAtLeast('restartDelayMs', o.restartDelayMs ?? 2000, 0);
    this.#segmentBytes = wholeAtLeast(
      'writeAheadLogSegmentBytes',
      o.writeAheadLogSegmentBytes ?? DEFAULT_SEGMENT_BYTES,
      1,
    );
    this.writeAheadLog = o.writeAheadLog ?? false;
    this.receiver = receiver;
    this.#report = report;
    this.#supervisor = new ReceiverSupervisor(
      this.id,
      receiver,
      clock,
      { blockIntervalMs: this.blockIntervalMs, maxRatePerSecond: o.maxRatePerSecond, restartDelayMs },
      (records) => this.#storeBlock(records),
      report,
    );
  }

  override fingerprintParams(): string {
    return `receiver=${this.receiver.name} wal=${this.writeAheadLog}`;
  }

  override validateAtStart(): void {
    super.validateAtStart();
    if (this.writeAheadLog && this.graph.checkpointDir === undefined) {
      throw new IllegalStateError(
        `${this.describe()}: the write-ahead log is kept under the checkpoint directory; call ssc.checkpoint(directory) first`,
      );
    }
  }

  /** Where this stream's write-ahead log segments are, when it keeps one. */
  get logDirectory(): string | undefined {
    const dir = this.graph.checkpointDir;
    return this.writeAheadLog && dir !== undefined ? join(dir, 'receivedData', String(this.id)) : undefined;
  }

  override start(): void {
    const dir = this.logDirectory;
    if (dir !== undefined) this.#recoverLog(dir);
    this.#supervisor.start();
  }

  override stop(): void {
    try {
      this.#supervisor.close();
    } finally {
      try {
        this.#syncLog();
      } catch {
        // The stores waiting for this fsync were refused with its error; the blocks are not acknowledged.
      } finally {
        clearImmediate(this.#syncSoon);
        this.#log?.close();
      }
    }
  }

  compute(time: Time): Rdd<T> {
    this.#supervisor.generator.sealUpTo(time);
    // Blocks written before the batch time belong to it: they are made durable now, not at the next turn.
    this.#syncLog();
    const blocks = this.#tracker.allocate(time);
    const failure = this.#supervisor.failure;
    if (blocks.length === 0 && failure !== undefined) throw this.failedBatchError(time, failure.message, failure.error);
    let records = 0;
    for (const b of blocks) records += b.records.length;
    this.reportInput(time, records);
    return new Rdd(
      new BlockRdd(
        this.batchContext,
        blocks.map((b) => b.records),
      ),
    );
  }

  /** The error a batch fails with once the receiver failed and no block is left; a source may name its own. */
  protected failedBatchError(time: Time, message: string, error: unknown): Error {
    return new ReceiverFailedError(this.describe(), this.receiver.name, time, message, error);
  }

  override stopReceiving(): void {
    this.#supervisor.close();
  }

  override hasUnallocatedInput(): boolean {
    return this.#tracker.unallocated.length > 0 || this.#unsynced.length > 0 || this.#supervisor.generator.buffered > 0;
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    // Once per completed batch, though every output reading this stream passes it on.
    if (this.#lastClearedMs !== undefined && time <= this.#lastClearedMs) return;
    this.#lastClearedMs = time;
    // The checkpoint written when the previous batch completed no longer names these blocks.
    if (this.#deletableBeforeSeq !== undefined) this.#log?.deleteBefore(this.#deletableBeforeSeq);
    const keepMs = Math.max(this.rememberDurationMs ?? 0, this.slideDurationMs);
    const after = this.#tracker.forgetThrough(time - keepMs);
    if (after !== undefined) this.#deletableBeforeSeq = after;
  }

  override checkpointData(): ReceivedBlockCheckpoint {
    return this.#tracker.checkpointData(this.writeAheadLog);
  }

  override restoreCheckpointData(data: unknown): void {
    const d = data as Partial<ReceivedBlockCheckpoint> | undefined;
    if (typeof d?.allocatedThroughSeq !== 'number' || !Array.isArray(d.allocations)) {
      throw new InvalidArgumentError(`${this.describe()}: the checkpoint holds no block allocations for this stream`);
    }
    this.#restored = d as ReceivedBlockCheckpoint;
    // Without a log the blocks are gone, but the batches that had them stay empty when run again.
    if (!this.writeAheadLog) this.#tracker.restore(this.#restored, []);
  }

  #recoverLog(dir: string): void {
    const log = new WriteAheadLog(dir, this.#segmentBytes);
    const contents = log.recover();
    if (contents.droppedTail !== undefined) {
      const t = contents.droppedTail;
      process.stderr.write(
        `sluice: ${this.describe()}: dropped the last ${t.bytes} bytes of ${t.segment} from offset ${t.offset} (${t.reason}): a write the process did not finish, or damage\n`,
      );
      this.#report({ type: 'writeAheadLogTailDropped', streamId: this.id, ...t });
    }
    const blocks = contents.records.map((bytes) => decodeValue(bytes) as ReceivedBlock<T>);
    const missing = this.#tracker.restore(this.#restored, blocks);
    if (missing !== undefined) throw new SourceReadError(this.describe(), dir, new Error(missing));
    let last = this.#restored?.allocatedThroughSeq ?? -1;
    for (const b of blocks) last = Math.max(last, b.seq);
    this.#nextSeq = last + 1;
    this.#log = log;
  }

  /**
   * Stores a block: at once without the log; with it, the block is written now and counts as stored (and
   * its store resolves) only after the fsync, which the blocks written in one turn of the event loop share
   * (group commit), or which a batch generated meanwhile does first.
   */
  #storeBlock(records: T[]): Promise<void> | undefined {
    const block: ReceivedBlock<T> = { seq: this.#nextSeq, records };
    if (this.#log === undefined) {
      this.#nextSeq++;
      this.#tracker.add(block);
      return undefined;
    }
    this.#log.write(block.seq, encodeValue(block));
    this.#nextSeq++;
    const durable = Promise.withResolvers<void>();
    this.#unsynced.push({ block, durable });
    this.#syncSoon ??= setImmediate(() => {
      this.#syncSoon = undefined;
      try {
        this.#syncLog();
      } catch {
        // Each waiting store was refused with the error.
      }
    });
    return durable.promise;
  }

  /** One fsync for every block written since the last: then they count as stored, in order. */
  #syncLog(): void {
    if (this.#unsynced.length === 0) return;
    const waiting = this.#unsynced;
    this.#unsynced = [];
    try {
      this.#log?.sync();
    } catch (e) {
      for (const w of waiting) w.durable.reject(e);
      throw e;
    }
    for (const w of waiting) {
      this.#tracker.add(w.block);
      w.durable.resolve();
    }
  }
}
