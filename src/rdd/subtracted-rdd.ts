import { JavaHashMap } from './java-hash-map.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';
import { ShuffledRdd } from './shuffled-rdd.ts';

/**
 * The records of `left` whose key `right` lacks (Spark's `SubtractedRDD`): each partition gathers the
 * left side's values per key in a `java.util.HashMap`, removes every key met on the right, and lists
 * what is left in that map's order. An input already partitioned by `part` is read in place; others are
 * shuffled.
 */
export class SubtractedRdd<K, V, W> extends RddNode<[K, V]> {
  readonly name: string;
  readonly numPartitions: number;
  readonly part: Partitioner;
  readonly #left: RddNode<[K, V]>;
  readonly #right: RddNode<[K, W]>;

  constructor(left: RddNode<[K, V]>, right: RddNode<[K, W]>, part: Partitioner, name = 'subtractByKey') {
    super(left.ctx);
    this.name = name;
    this.part = part;
    this.numPartitions = part.numPartitions;
    this.#left = part.equals(left.partitioner) ? left : new ShuffledRdd<K, V>(left, part, undefined, false, name);
    this.#right = part.equals(right.partitioner) ? right : new ShuffledRdd<K, W>(right, part, undefined, false, name);
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.#left, this.#right];
  }
  override get partitioner(): Partitioner {
    return this.part;
  }
  compute(split: number, emit: Emit<[K, V]>): void {
    const map = new JavaHashMap<K, V[]>();
    this.#left.iterator(split, (record) => {
      const values = map.get(record[0]);
      if (values === undefined) map.put(record[0], [record[1]]);
      else values.push(record[1]);
    });
    this.#right.iterator(split, (record) => {
      map.remove(record[0]);
    });
    for (const [key, values] of map.entries()) for (const v of values) emit([key, v]);
  }
}
