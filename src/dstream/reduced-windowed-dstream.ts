import type { Time } from '../core/index.ts';
import type { Partitioner, Rdd } from '../rdd/index.ts';
import type { StateStore } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { ReducedWindowRdd } from './reduced-window-rdd.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { StatefulDStream } from './stateful-dstream.ts';
import { stepWindow, type WindowReduceFunctions } from './window-reduce-state.ts';

/**
 * `reduceByKeyAndWindow` with an inverse function (Spark's `ReducedWindowedDStream`): each batch is
 * reduced per key, and each window is the previous one plus the batches entering it, minus (by the
 * inverse function) the batches leaving it. The running window is keyed state: one versioned state store
 * per partition, holding each key's value over the window, and window `t` is version `t` of the stores.
 * A slide writes only the keys of the batches entering and leaving; the state is checkpointed and
 * restored like `updateStateByKey`'s, so a restarted window goes on exactly where it stopped.
 *
 * Without the previous window (the first window, or when the stores fell too far behind) the window is
 * reduced from its own batches instead. Unlike Spark, whose first window and whose windows shorter than
 * the slide also take in batches between two windows, a window holds exactly its batches.
 */
export class ReducedWindowedDStream<K, V> extends StatefulDStream<[K, V], K, V> {
  readonly name: string;
  readonly reduced: DStreamNode<[K, V]>;
  readonly fns: WindowReduceFunctions<K, V>;
  readonly windowMs: number;
  readonly slideDurationMs: number;

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
    super(parent.graph, name, partitioner, undefined, false);
    this.name = name;
    this.fns = fns;
    this.windowMs = windowMs;
    this.slideDurationMs = slideMs;
    this.reduced = new ShuffledDStream(parent, (v) => v, fns.reduce, fns.reduce, partitioner, true, 'reduceByKey');
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.reduced];
  }
  override fingerprintParams(): string {
    const filter = this.fns.filter === undefined ? '' : ' filter';
    return `window=${this.windowMs} partitions=${this.partitioner.numPartitions}${filter}`;
  }
  override parentRememberDurationMs(): number | undefined {
    return this.rememberDurationMs === undefined ? undefined : this.rememberDurationMs + this.windowMs;
  }

  compute(time: Time): Rdd<[K, V]> {
    const prev = this.previousState(time) as ReducedWindowRdd<K, V> | undefined;
    const [old, fresh] = this.#delta(time - this.slideDurationMs, time);
    const node = new ReducedWindowRdd<K, V>(
      this.batchContext,
      this.name,
      this.state,
      time,
      prev,
      old,
      fresh,
      (split, store, o, f) => this.#advance(time, split, store, o, f),
    );
    return this.stateRdd(time, node);
  }

  protected committedRdd(timeMs: number): Rdd<[K, V]> {
    const node = new ReducedWindowRdd<K, V>(
      this.batchContext,
      this.name,
      this.state,
      timeMs,
      undefined,
      [],
      [],
      undefined,
    );
    return this.stateRdd(timeMs, node);
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

  /** Writes version `time` of one partition's store from whatever version it holds. */
  #advance(
    time: number,
    split: number,
    store: StateStore<K, V>,
    old: readonly Rdd<[K, V]>[],
    fresh: readonly Rdd<[K, V]>[],
  ): void {
    const from = store.version;
    if (from !== undefined && from >= time) return;
    let leaving = old;
    let entering = fresh;
    let rebuild = false;
    if (from !== undefined && from !== time - this.slideDurationMs) {
      // An earlier window than the previous one: move on from it while its batches are remembered.
      if (time - from <= (this.rememberDurationMs ?? 0)) [leaving, entering] = this.#delta(from, time);
      else rebuild = true;
    }
    if (from === undefined || rebuild) {
      leaving = [];
      entering = this.#batches(time - this.windowMs, time);
    }
    // Inputs first, outside the update: their own failures are theirs, not this operation's.
    const oldParts = leaving.map((r) => r.node.collectPartition(split));
    const freshParts = entering.map((r) => r.node.collectPartition(split));
    const where = `${this.describe()} at time ${time} ms`;
    store.update(time, (w) => {
      if (rebuild) for (const e of [...w.entries()]) w.remove(e.key);
      stepWindow(w, oldParts, freshParts, this.fns, where);
    });
  }
}
