import { keyId, type Time } from '../core/index.ts';
import { type Partitioner, Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';
import { ReducedWindowRdd } from './reduced-window-rdd.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { snapshotWindow, stepWindow, type WindowEntries, type WindowReduceFunctions } from './window-reduce-state.ts';

interface PartitionState<K, V> {
  time: number;
  readonly entries: WindowEntries<K, V>;
}

/**
 * `reduceByKeyAndWindow` with an inverse function (Spark's `ReducedWindowedDStream`): each batch is
 * reduced per key, and each window is the previous one plus the batches entering it, minus (by the
 * inverse function) the batches leaving it. The running window lives in this stream, one map per
 * partition, so a slide costs work in proportion to the keys of the batches entering and leaving.
 *
 * Without the previous window (the first window, after a restart, or when a window was skipped) the
 * window is reduced from its own batches instead. Unlike Spark, whose first window and whose windows
 * shorter than the slide also take in batches between two windows, a window holds exactly its batches.
 */
export class ReducedWindowedDStream<K, V> extends DStreamNode<[K, V]> {
  readonly name: string;
  readonly reduced: DStreamNode<[K, V]>;
  readonly fns: WindowReduceFunctions<K, V>;
  readonly windowMs: number;
  readonly slideDurationMs: number;
  readonly partitioner: Partitioner;
  readonly #states: (PartitionState<K, V> | undefined)[];
  /** The windows this stream made, by time, while it remembers them. */
  readonly #windows = new Map<number, ReducedWindowRdd<K, V>>();

  constructor(
    parent: DStreamNode<[K, V]>,
    fns: WindowReduceFunctions<K, V>,
    windowMs: number,
    slideMs: number,
    partitioner: Partitioner,
    name = 'reduceByKeyAndWindow',
  ) {
    const self = `${name}(${windowMs}, ${slideMs})`;
    parent.requireMultipleOfSlide('window duration', windowMs, self);
    parent.requireMultipleOfSlide('slide duration', slideMs, self);
    super(parent.graph, name);
    this.name = name;
    this.fns = fns;
    this.windowMs = windowMs;
    this.slideDurationMs = slideMs;
    this.partitioner = partitioner;
    this.reduced = new ShuffledDStream(parent, (v) => v, fns.reduce, fns.reduce, partitioner, true, 'reduceByKey');
    this.#states = new Array(partitioner.numPartitions);
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.reduced];
  }
  override get mustCheckpoint(): boolean {
    return true;
  }
  override fingerprintParams(): string {
    const filter = this.fns.filter === undefined ? '' : ' filter';
    return `window=${this.windowMs} partitions=${this.partitioner.numPartitions}${filter}`;
  }
  override parentRememberDurationMs(): number | undefined {
    return this.rememberDurationMs === undefined ? undefined : this.rememberDurationMs + this.windowMs;
  }

  compute(time: Time): Rdd<[K, V]> {
    const previous = time - this.slideDurationMs;
    const [old, fresh] = this.#delta(previous, time);
    const rdd = new ReducedWindowRdd<K, V>(this.batchContext, this.name, this.partitioner, old, fresh, (split, o, f) =>
      this.#windowPartition(time, split, o, f),
    );
    this.#windows.set(time, rdd);
    return new Rdd(rdd);
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    for (const t of this.#windows.keys()) if (!this.generatedRdds.has(t)) this.#windows.delete(t);
  }

  /** The batches leaving and entering the window between the windows ending at `from` and at `to`. */
  #delta(from: number, to: number): [Rdd<[K, V]>[], Rdd<[K, V]>[]] {
    const w = this.windowMs;
    return [this.#batches(from - w, Math.min(from, to - w)), this.#batches(Math.max(from, to - w), to)];
  }

  /** The reduced batches of the times in (after, upTo]. */
  #batches(after: number, upTo: number): Rdd<[K, V]>[] {
    return after >= upTo ? [] : this.reduced.slice(after + this.reduced.slideDurationMs, upTo);
  }

  #windowPartition(time: number, split: number, old: readonly Rdd<[K, V]>[], fresh: readonly Rdd<[K, V]>[]): [K, V][] {
    const where = `${this.describe()} at time ${time} ms`;
    const state = this.#states[split];
    const previous = time - this.slideDurationMs;
    const part = (rdds: readonly Rdd<[K, V]>[]) => rdds.map((r) => r.node.collectPartition(split));
    if (state !== undefined && state.time < time && time - state.time <= (this.rememberDurationMs ?? 0)) {
      // The running window moves on; from an earlier window than the previous one when that was skipped.
      const [o, f] = state.time === previous ? [old, fresh] : this.#delta(state.time, time);
      stepWindow(state.entries, part(o), part(f), this.fns, where);
      state.time = time;
      return snapshotWindow(state.entries, this.fns.filter);
    }
    const seed = this.#storedWindow(previous, split);
    const entries: WindowEntries<K, V> = new Map();
    if (seed !== undefined) {
      for (const entry of seed) entries.set(keyId(entry[0]), entry);
      stepWindow(entries, part(old), part(fresh), this.fns, where);
    } else {
      stepWindow(entries, [], part(this.#batches(time - this.windowMs, time)), this.fns, where);
    }
    if (state === undefined || state.time < time) this.#states[split] = { time, entries };
    return snapshotWindow(entries, this.fns.filter);
  }

  /** Partition `split` of the window at `time` if it is at hand: worked out already, or restored. */
  #storedWindow(time: number, split: number): readonly [K, V][] | undefined {
    const own = this.#windows.get(time);
    if (own !== undefined) return own.computedPartition(split);
    const restored = this.generatedRdds.get(time as Time);
    if (restored === undefined || !this.partitioner.equals(restored.partitioner)) return undefined;
    return restored.node.collectPartition(split);
  }
}
