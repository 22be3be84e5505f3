import { inAppendOnlyMapOrder, keyId } from '../core/index.ts';
import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';
import { ShuffledRdd } from './shuffled-rdd.ts';

/**
 * For each key, the values of every parent grouped apart: `[key, [values0, values1, …]]` (Spark's
 * `CoGroupedRDD`). A parent already partitioned by the same partitioner is read in place; others are
 * shuffled. Keys come in the order Spark's hash table gives them, having met them parent by parent.
 */
export class CoGroupedRdd<K> extends RddNode<[K, unknown[][]]> {
  readonly numPartitions: number;
  readonly #inputs: RddNode<[K, unknown]>[];
  readonly parentNodes: readonly RddNode<[K, unknown]>[];
  readonly part: Partitioner;
  readonly name: string;

  constructor(parentNodes: readonly RddNode<[K, unknown]>[], part: Partitioner, name = 'cogroup') {
    super(parentNodes[0].ctx);
    this.parentNodes = parentNodes;
    this.part = part;
    this.name = name;
    this.numPartitions = part.numPartitions;
    this.#inputs = parentNodes.map((p) =>
      part.equals(p.partitioner) ? p : new ShuffledRdd<K, unknown>(p, part, undefined, false, name),
    );
  }
  get parents(): readonly RddNode<unknown>[] {
    return this.#inputs;
  }
  override get partitioner(): Partitioner {
    return this.part;
  }
  compute(split: number, emit: Emit<[K, unknown[][]]>): void {
    const n = this.#inputs.length;
    const groups = new Map<unknown, [K, unknown[][]]>();
    for (let i = 0; i < n; i++) {
      this.#inputs[i].iterator(split, (record) => {
        const id = keyId(record[0]);
        let entry = groups.get(id);
        if (entry === undefined) {
          const lists: unknown[][] = [];
          for (let j = 0; j < n; j++) lists.push([]);
          entry = [record[0], lists];
          groups.set(id, entry);
        }
        entry[1][i].push(record[1]);
      });
    }
    for (const entry of inAppendOnlyMapOrder([...groups.values()])) emit(entry);
  }
}
