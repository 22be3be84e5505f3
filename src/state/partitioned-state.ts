import type { Partitioner } from '../rdd/index.ts';
import type { StateEntry, StateStore } from './state-store.ts';

/**
 * The stores of one stateful operator, one per partition of its partitioner, made when first needed. A
 * key's state always lives in the store of the partition the partitioner gives it.
 */
export class PartitionedState<K, S> {
  readonly partitioner: Partitioner;
  readonly #stores: (StateStore<K, S> | undefined)[];
  readonly #make: (partition: number) => StateStore<K, S>;
  /** The batch time of the newest state committed by every partition (kept by the state datasets). */
  #committedMs: number | undefined;

  constructor(partitioner: Partitioner, make: (partition: number) => StateStore<K, S>) {
    this.partitioner = partitioner;
    this.#stores = new Array(partitioner.numPartitions).fill(undefined);
    this.#make = make;
  }

  get numPartitions(): number {
    return this.#stores.length;
  }

  store(partition: number): StateStore<K, S> {
    let store = this.#stores[partition];
    if (store === undefined) {
      store = this.#make(partition);
      this.#stores[partition] = store;
    }
    return store;
  }

  /** Every partition's store (making the missing ones). */
  get stores(): readonly StateStore<K, S>[] {
    return this.#stores.map((_, p) => this.store(p));
  }

  get lastCommittedMs(): number | undefined {
    return this.#committedMs;
  }

  /** Called when every partition has committed batch `timeMs`. */
  committed(timeMs: number): void {
    if (this.#committedMs === undefined || timeMs > this.#committedMs) this.#committedMs = timeMs;
  }

  /** Replaces every partition's state by `entries` as of `timeMs`, each entry in its key's partition. */
  restore(timeMs: number, entries: Iterable<StateEntry<K, S>>): void {
    const parts: StateEntry<K, S>[][] = this.#stores.map(() => []);
    for (const e of entries) {
      parts[this.partitioner.getPartition(e.key)].push(e);
    }
    parts.forEach((part, p) => {
      this.store(p).restore(timeMs, part);
    });
    this.restoredAt(timeMs);
  }

  /** Records that every store now holds the state of batch `timeMs` (restored by the caller). */
  restoredAt(timeMs: number): void {
    this.#committedMs = timeMs;
  }

  /** Tells every store that versions before `timeMs` will not be read again. */
  release(timeMs: number): void {
    for (const store of this.#stores) store?.release(timeMs);
  }

  close(): void {
    for (const store of this.#stores) store?.close();
    this.#stores.fill(undefined);
  }
}
