import { keyId } from '../core/index.ts';
import type { Aggregator } from './aggregator.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

type Block<K, V, C> = Map<unknown, [K, C]> | [K, V][];

/**
 * Moves every `[key, value]` record to the partition its key belongs to (Spark's `ShuffledRDD`), optionally
 * combining values per key on the map side (reduceByKey) and on the reduce side.
 *
 * The map side runs once, for all reduce partitions; each reduce partition is then materialised once and
 * kept, so a dataset read twice (two output operations) never combines twice, and mutable combiners
 * (groupByKey's arrays) are never merged into twice.
 */
export class ShuffledRdd<K, V, C = V> extends RddNode<[K, C]> {
  readonly numPartitions: number;
  #blocks: (Block<K, V, C>[] | undefined)[] | undefined;
  readonly #outputs: ([K, C][] | undefined)[];
  readonly parent: RddNode<[K, V]>;
  readonly part: Partitioner;
  readonly aggregator: Aggregator<V, C> | undefined;
  readonly mapSideCombine: boolean;
  readonly name: string;

  constructor(
    parent: RddNode<[K, V]>,
    part: Partitioner,
    aggregator: Aggregator<V, C> | undefined,
    mapSideCombine: boolean,
    name: string,
  ) {
    super(parent.ctx);
    this.parent = parent;
    this.part = part;
    this.aggregator = aggregator;
    this.mapSideCombine = mapSideCombine;
    this.name = name;
    this.numPartitions = part.numPartitions;
    this.#outputs = new Array(part.numPartitions);
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
    }
    for (let i = 0; i < out.length; i++) emit(out[i]);
  }

  #mapSide(): (Block<K, V, C>[] | undefined)[] {
    const reducers = this.part.numPartitions;
    const mappers = this.parent.numPartitions;
    const blocks: Block<K, V, C>[][] = Array.from({ length: reducers }, () => new Array(mappers));
    const agg = this.aggregator;
    for (let m = 0; m < mappers; m++) {
      if (agg !== undefined && this.mapSideCombine) {
        const maps = Array.from({ length: reducers }, () => new Map<unknown, [K, C]>());
        this.parent.compute(m, (record) => {
          const k = this.#keyOf(record, m);
          const id = keyId(k);
          const map = reducers === 1 ? maps[0] : maps[this.part.getPartition(k)];
          const entry = map.get(id);
          try {
            if (entry === undefined) map.set(id, [k, agg.createCombiner(record[1])]);
            else entry[1] = agg.mergeValue(entry[1], record[1]);
          } catch (e) {
            throw this.fail(m, e);
          }
        });
        for (let r = 0; r < reducers; r++) blocks[r][m] = maps[r];
      } else {
        const buffers: [K, V][][] = Array.from({ length: reducers }, () => []);
        this.parent.compute(m, (record) => {
          const k = this.#keyOf(record, m);
          buffers[reducers === 1 ? 0 : this.part.getPartition(k)].push(record);
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
    if (agg === undefined) return (blocks as unknown as [K, C][][]).flat();
    const merged = new Map<unknown, [K, C]>();
    try {
      for (const block of blocks) {
        if (block instanceof Map) {
          for (const [id, entry] of block) {
            const current = merged.get(id);
            if (current === undefined) merged.set(id, entry);
            else current[1] = agg.mergeCombiners(current[1], entry[1]);
          }
        } else {
          for (const [k, v] of block) {
            const id = keyId(k);
            const current = merged.get(id);
            if (current === undefined) merged.set(id, [k, agg.createCombiner(v)]);
            else current[1] = agg.mergeValue(current[1], v);
          }
        }
      }
    } catch (e) {
      throw this.fail(split, e);
    }
    return [...merged.values()];
  }
}
