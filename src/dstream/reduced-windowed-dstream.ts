import type { Time } from '../core/index.ts';
import { type Partitioner, Rdd } from '../rdd/index.ts';
import type { StateStore } from '../state/index.ts';
import type { DStreamNode } from './dstream-node.ts';
import { ReducedWindowRdd } from './reduced-window-rdd.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { StatefulDStream } from './stateful-dstream.ts';
import { type BatchColumns, partitionColumns, stepWindow, type WindowReduceFunctions } from './window-reduce-state.ts';

/** How many batches already in the window a slide looks through for the entries of the keys entering. */
const RECENT_BATCHES = 3;

/**
 * `reduceByKeyAndWindow` with an inverse function (Spark's `ReducedWindowedDStream`): each batch is
 * reduced per key, and each window is the previous one plus the batches entering it, minus (by the
 * inverse function) the batches leaving it. The running window is keyed state: one versioned state store
 * per partition, holding each key's value over the window, and window `t` is version `t` of the stores.
 * A slide writes only the keys of the batches entering and leaving; the state is checkpointed and
 * restored like `updateStateByKey`'s, so a restarted window goes on exactly where it stopped.
 *
 * Each reduced batch partition is kept as columns (keys, values, hash codes and the store entry of each
 * key) from when it enters the window until it leaves, so the reduced batches themselves are remembered no
 * longer than the window's own datasets; the batches are reduced in hash order (no one else sees them),
 * so a slide walks the batch leaving and the batch entering side by side and writes most keys through
 * their entries, without a lookup (see `stepWindow`). After a restart the batches leaving are computed again. Without the previous window (the first window, or
 * when the stores fell too far behind) the window is reduced from its own batches instead. Unlike Spark, whose first window and whose windows shorter than
 * the slide also take in batches between two windows, a window holds exactly its batches.
 */
export class ReducedWindowedDStream<K, V> extends StatefulDStream<[K, V], K, V> {
  readonly name: string;
  readonly reduced: DStreamNode<[K, V]>;
  readonly fns: WindowReduceFunctions<K, V>;
  readonly windowMs: number;
  readonly slideDurationMs: number;
  /** Partitions of the reduced batches yet to leave the window, by batch time. */
  readonly #kept = new Map<number, (BatchColumns<K, V> | undefined)[]>();

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
    this.reduced = new ShuffledDStream(
      parent,
      (v) => v,
      fns.reduce,
      fns.reduce,
      partitioner,
      true,
      'reduceByKey',
      'hash',
    );
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return [this.reduced];
  }
  override fingerprintParams(): string {
    const filter = this.fns.filter === undefined ? '' : ' filter';
    return `window=${this.windowMs} partitions=${this.partitioner.numPartitions}${filter}`;
  }
  compute(time: Time): Rdd<[K, V]> {
    const prev = this.previousState(time) as ReducedWindowRdd<K, V> | undefined;
    // The batches entering are generated with this window; those leaving were kept when they entered.
    const fresh = this.#times(time - this.slideDurationMs, time).flatMap((t) => this.reduced.getOrCompute(t) ?? []);
    const node = new ReducedWindowRdd<K, V>(
      this.batchContext,
      this.name,
      this.state,
      time,
      prev,
      fresh,
      (split, store) => this.#advance(time, split, store),
    );
    return new Rdd(node);
  }

  protected committedRdd(timeMs: number): Rdd<[K, V]> {
    const node = new ReducedWindowRdd<K, V>(this.batchContext, this.name, this.state, timeMs, undefined, [], undefined);
    return new Rdd(node);
  }

  override clearMetadata(time: Time): void {
    super.clearMetadata(time);
    // Every window from the next one on starts after `time - slide`: batches before its start have left.
    const left = time - this.slideDurationMs - this.windowMs;
    for (const t of this.#kept.keys()) if (t <= left) this.#kept.delete(t);
  }

  /** The valid batch times in (after, upTo]. */
  #times(after: number, upTo: number): Time[] {
    const out: Time[] = [];
    const step = this.reduced.slideDurationMs;
    for (let t = after + step; t <= upTo; t += step) if (this.reduced.isTimeValid(t as Time)) out.push(t as Time);
    return out;
  }

  /**
   * Partition `split` of the reduced batch at `time`, as columns: the copy kept since the batch entered,
   * else computed. A batch entering is kept; a batch leaving is let go.
   */
  #columns(time: Time, split: number, leaving: boolean): BatchColumns<K, V> {
    let kept = this.#kept.get(time);
    let part = kept?.[split];
    if (part === undefined) {
      const rdd = this.reduced.getOrCompute(time);
      part = rdd === undefined ? { keys: [], values: [] } : partitionColumns(rdd.node, split);
    }
    if (leaving) {
      if (kept !== undefined) {
        kept[split] = undefined;
        if (kept.every((p) => p === undefined)) this.#kept.delete(time);
      }
    } else {
      if (kept === undefined) {
        kept = new Array(this.partitioner.numPartitions);
        this.#kept.set(time, kept);
      }
      kept[split] = part;
    }
    return part;
  }

  /**
   * Up to {@link RECENT_BATCHES} kept batches that entered just before `entering` and stay in the window
   * (after `windowStart`): a key entering now was often in one of them, whose entry then needs no lookup.
   */
  #recent(entering: readonly Time[], windowStart: number, split: number): BatchColumns<K, V>[] {
    const out: BatchColumns<K, V>[] = [];
    if (entering.length !== 1) return out;
    const step = this.reduced.slideDurationMs;
    for (let t = entering[0] - step; t > windowStart && out.length < RECENT_BATCHES; t -= step) {
      const part = this.#kept.get(t)?.[split];
      if (part !== undefined) out.push(part);
    }
    return out;
  }

  /** Writes version `time` of one partition's store from whatever version it holds. */
  #advance(time: number, split: number, store: StateStore<K, V>): void {
    let from = store.version;
    if (from !== undefined && from >= time) return;
    // Moving on from an earlier window than the previous one is worth it while that one is recent.
    const rebuild = from !== undefined && time - from > (this.rememberDurationMs ?? 0);
    if (rebuild) from = undefined;
    const w = this.windowMs;
    const leaving = from === undefined ? [] : this.#times(from - w, Math.min(from, time - w));
    const entering = this.#times(from === undefined ? time - w : Math.max(from, time - w), time);
    // Inputs first, outside the update: their own failures are theirs, not this operation's.
    const old = leaving.map((t) => this.#columns(t, split, true));
    const fresh = entering.map((t) => this.#columns(t, split, false));
    const recent = this.#recent(entering, time - w, split);
    const where = `${this.describe()} at time ${time} ms`;
    store.update(time, (writer) => {
      if (rebuild) for (const e of [...writer.entries()]) writer.remove(e.key);
      stepWindow(writer, old, fresh, this.fns, where, recent);
    });
  }
}
