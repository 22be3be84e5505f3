import { appendOnlyMapOrder, fixedAppendOnlyMapOrder, hashKey, inAppendOnlyMapOrder, keyId } from '../core/index.ts';
import type { Aggregator } from './aggregator.ts';
import { inHashOrder } from './hash-order.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

type Block<K, V, C> = Map<unknown, [K, C]> | [K, V][];

/**
 * The order of the keys of an aggregated partition: `'spark'`, the order Spark's own hash tables give them
 * (what a user sees), or `'hash'`, by hash code (see {@link inHashOrder}): cheaper, for batches only the
 * engine reads, and the same from batch to batch, so whatever those keys are looked up in is walked in one
 * order.
 */
export type KeyOrder = 'spark' | 'hash';

/** The keys one map task combined, in the order it first met them, and the reduce partition of each. */
interface MapSideKeys<K> {
  readonly keys: K[];
  readonly parts: number[];
  /** Each key's position in Spark's map-side table, worked out only when needed. */
  slotRank?: Int32Array;
}

/**
 * Moves every `[key, value]` record to the partition its key belongs to (Spark's `ShuffledRDD`), optionally
 * combining values per key on the map side (reduceByKey) and on the reduce side.
 *
 * The map side runs once, for all reduce partitions; each reduce partition is then materialised once and
 * kept, so a dataset read twice (two output operations) never combines twice, and mutable combiners
 * (groupByKey's arrays) are never merged into twice.
 *
 * Records are combined in JavaScript `Map`s; the order Spark's own hash tables would give the keys of an
 * aggregated partition is restored afterwards, over the distinct keys only.
 */
export class ShuffledRdd<K, V, C = V> extends RddNode<[K, C]> {
  readonly numPartitions: number;
  #blocks: ((Block<K, V, C> | undefined)[] | undefined)[] | undefined;
  #mapKeys: MapSideKeys<K>[] | undefined;
  #unreduced: number;
  readonly #outputs: ([K, C][] | undefined)[];
  readonly parent: RddNode<[K, V]>;
  readonly part: Partitioner;
  readonly aggregator: Aggregator<V, C> | undefined;
  readonly mapSideCombine: boolean;
  readonly name: string;
  readonly keyOrder: KeyOrder;

  constructor(
    parent: RddNode<[K, V]>,
    part: Partitioner,
    aggregator: Aggregator<V, C> | undefined,
    mapSideCombine: boolean,
    name: string,
    keyOrder: KeyOrder = 'spark',
  ) {
    super(parent.ctx);
    this.keyOrder = keyOrder;
    this.parent = parent;
    this.part = part;
    this.aggregator = aggregator;
    this.mapSideCombine = mapSideCombine;
    this.name = name;
    this.numPartitions = part.numPartitions;
    this.#outputs = new Array(part.numPartitions);
    this.#unreduced = part.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner {
    return this.part;
  }

  compute(split: number, emit: Emit<[K, C]>): void {
    let out = this.#outputs[split];
    if (out === undefined) {
      out = this.#reduce(split);
      this.#outputs[split] = out;
      if (--this.#unreduced === 0) this.#mapKeys = undefined;
    }
    for (let i = 0; i < out.length; i++) emit(out[i]);
  }

  /**
   * Each reduce partition's blocks, one per map task; a block is left undefined when its task sent that
   * partition nothing (a small batch makes no tables it would not fill).
   */
  #mapSide(): (Block<K, V, C> | undefined)[][] {
    const reducers = this.part.numPartitions;
    const mappers = this.parent.numPartitions;
    const blocks = new Array<(Block<K, V, C> | undefined)[]>(reducers);
    for (let r = 0; r < reducers; r++) blocks[r] = new Array(mappers);
    const agg = this.aggregator;
    const combine = agg !== undefined && this.mapSideCombine;
    const keepKeys = combine && this.keyOrder === 'spark';
    if (keepKeys) this.#mapKeys = new Array(mappers);
    for (let m = 0; m < mappers; m++) {
      if (combine) {
        const maps = new Array<Map<unknown, [K, C]> | undefined>(reducers);
        const seen: MapSideKeys<K> = { keys: [], parts: [] };
        this.parent.iterator(m, (record) => {
          const k = this.#keyOf(record, m);
          const id = keyId(k);
          const p = reducers === 1 ? 0 : this.part.getPartition(k);
          let map = maps[p];
          if (map === undefined) {
            map = new Map();
            maps[p] = map;
          }
          const entry = map.get(id);
          try {
            if (entry === undefined) {
              map.set(id, [k, agg.createCombiner(record[1])]);
              if (keepKeys) {
                seen.keys.push(k);
                seen.parts.push(p);
              }
            } else entry[1] = agg.mergeValue(entry[1], record[1]);
          } catch (e) {
            throw this.fail(m, e);
          }
        });
        for (let r = 0; r < reducers; r++) blocks[r][m] = maps[r];
        if (keepKeys) (this.#mapKeys as MapSideKeys<K>[])[m] = seen;
      } else {
        const buffers = new Array<[K, V][] | undefined>(reducers);
        this.parent.iterator(m, (record) => {
          const p = reducers === 1 ? 0 : this.part.getPartition(this.#keyOf(record, m));
          const buffer = buffers[p];
          if (buffer === undefined) buffers[p] = [record];
          else buffer.push(record);
        });
        for (let r = 0; r < reducers; r++) blocks[r][m] = buffers[r];
      }
    }
    return blocks;
  }

  #keyOf(record: [K, V], m: number): K {
    if (!Array.isArray(record)) {
      throw this.fail(m, new TypeError(`expected a [key, value] pair, got ${String(record)}`));
    }
    return record[0];
  }

  #reduce(split: number): [K, C][] {
    this.#blocks ??= this.#mapSide();
    const blocks = this.#blocks[split] ?? [];
    this.#blocks[split] = undefined; // consumed: the output below replaces it
    const agg = this.aggregator;
    if (agg === undefined) {
      const out: [K, C][] = [];
      for (const block of blocks)
        if (block !== undefined) for (const record of block as [K, V][]) out.push(record as unknown as [K, C]);
      return out;
    }
    let merged: Map<unknown, [K, C]> | undefined;
    // How many keys `merged` holds after each map task's block: the keys each task brought first.
    const firstMetUpTo: number[] = [];
    try {
      for (const block of blocks) {
        if (block instanceof Map) {
          if (merged === undefined)
            merged = block; // consumed, so the first table can be the merged one
          else {
            for (const [id, entry] of block) {
              const current = merged.get(id);
              if (current === undefined) merged.set(id, entry);
              else current[1] = agg.mergeCombiners(current[1], entry[1]);
            }
          }
        } else if (block !== undefined) {
          merged ??= new Map();
          for (const [k, v] of block) {
            const id = keyId(k);
            const current = merged.get(id);
            if (current === undefined) merged.set(id, [k, agg.createCombiner(v)]);
            else current[1] = agg.mergeValue(current[1], v);
          }
        }
        firstMetUpTo.push(merged?.size ?? 0);
      }
    } catch (e) {
      throw this.fail(split, e);
    }
    if (merged === undefined) return [];
    if (merged.size <= 1) return [...merged.values()];
    // Without map-side combining, Spark's reduce-side table meets the keys in arrival order (map task
    // order, then record order), which is the order `merged` met them in.
    if (this.keyOrder === 'hash') return inHashOrder([...merged.values()]);
    if (!this.mapSideCombine) return inAppendOnlyMapOrder([...merged.values()]);
    return this.#orderAfterMapSideCombine(split, merged, firstMetUpTo);
  }

  /**
   * With map-side combining, each map task writes its combined keys sorted by hash code (Spark's
   * `ExternalSorter` orders them so, stably), so the reduce side meets the keys each task brought first
   * in hash order, task after task. That order matters only when two keys share a home slot of the
   * reduce-side table; otherwise every key sits at its home whatever came first.
   */
  #orderAfterMapSideCombine(split: number, merged: Map<unknown, [K, C]>, firstMetUpTo: number[]): [K, C][] {
    const entries = [...merged.values()];
    const hashes = entries.map((e) => (e[0] == null ? null : hashKey(e[0])));
    const fixed = fixedAppendOnlyMapOrder(hashes);
    if (fixed !== undefined) return fixed.map((i) => entries[i]);
    const arrival = new Int32Array(entries.length);
    let ids: unknown[] | undefined;
    for (let m = 0, start = 0; m < firstMetUpTo.length; start = firstMetUpTo[m++]) {
      const end = firstMetUpTo[m];
      if (sortByHash(hashes, start, end, arrival)) continue;
      // Equal hash codes: the map task wrote those keys in its own table's slot order.
      ids ??= [...merged.keys()];
      const rank = this.#mapSlotRanks(m, split);
      const idOf = ids;
      const rankOf = (i: number): number => rank.get(idOf[i]) as number;
      const group = Array.from({ length: end - start }, (_, j) => start + j);
      group.sort((a, b) => (hashes[a] ?? 0) - (hashes[b] ?? 0) || rankOf(a) - rankOf(b));
      arrival.set(group, start);
    }
    const arrivedHashes = Array.from(arrival, (i) => hashes[i]);
    return appendOnlyMapOrder(arrivedHashes).map((j) => entries[arrival[j]]);
  }

  /** Where each key map task `m` sent to `split` sat in that task's table (Spark keys it by (partition, key)). */
  #mapSlotRanks(m: number, split: number): Map<unknown, number> {
    const seen = (this.#mapKeys as MapSideKeys<K>[])[m];
    if (seen.slotRank === undefined) {
      const slots = appendOnlyMapOrder(seen.keys.map((k, j) => hashKey([seen.parts[j], k])));
      const rank = new Int32Array(slots.length);
      for (let pos = 0; pos < slots.length; pos++) rank[slots[pos]] = pos;
      seen.slotRank = rank;
    }
    const ranks = new Map<unknown, number>();
    for (let j = 0; j < seen.keys.length; j++) {
      if (seen.parts[j] === split) ranks.set(keyId(seen.keys[j]), seen.slotRank[j]);
    }
    return ranks;
  }
}

const TWO_21 = 2 ** 21;

/**
 * Writes the indices `start … end - 1` into `out[start … end - 1]` ordered by hash code (a null key counts
 * as 0), stably. Returns false, leaving `out` unspecified, when two hash codes are equal.
 */
function sortByHash(hashes: readonly (number | null)[], start: number, end: number, out: Int32Array): boolean {
  const n = end - start;
  if (n >= TWO_21) {
    const hashOf = (i: number): number => hashes[i] ?? 0;
    const group = Array.from({ length: n }, (_, j) => start + j);
    group.sort((a, b) => hashOf(a) - hashOf(b));
    for (let j = 1; j < n; j++) if (hashOf(group[j]) === hashOf(group[j - 1])) return false;
    out.set(group, start);
    return true;
  }
  // (hash + 2^31) · 2^21 + offset is exact in a double: a plain numeric sort, no comparator calls.
  const packed = new Float64Array(n);
  for (let j = 0; j < n; j++) packed[j] = ((hashes[start + j] ?? 0) + 0x80000000) * TWO_21 + j;
  packed.sort();
  let previous = -1;
  for (let j = 0; j < n; j++) {
    const hash = Math.floor(packed[j] / TWO_21);
    if (hash === previous) return false;
    previous = hash;
    out[start + j] = start + (packed[j] - hash * TWO_21);
  }
  return true;
}
