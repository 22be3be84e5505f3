import { UserFunctionError } from '../core/index.ts';
import type { BatchContext } from './batch-context.ts';
import type { Partitioner } from './partitioner.ts';

/** Receives the records of one partition, one at a time: narrow operations chain emitters, never arrays. */
export type Emit<T> = (record: T) => void;

/**
 * The contract of one kind of dataset (Spark's `RDD` subclasses). The public {@link Rdd} wraps a node;
 * nodes form the lineage and compute a partition by pushing its records into an emitter, so a chain of
 * narrow operations runs as nested calls over each record with no intermediate collection.
 */
export abstract class RddNode<T> {
  readonly id: number;
  /** The streaming operation (or other caller) that created this dataset, for error messages. */
  readonly scope: string | undefined;

  readonly ctx: BatchContext;
  /** The computed partitions of a persisted dataset (Spark's block manager, in memory). */
  #cache: (T[] | undefined)[] | undefined;

  constructor(ctx: BatchContext) {
    this.ctx = ctx;
    this.id = ctx.newRddId();
    this.scope = ctx.currentScope;
  }

  // ---- what a kind implements ----
  /** The operation's name, as a user wrote it: `map`, `reduceByKey`, … */
  abstract readonly name: string;
  abstract readonly numPartitions: number;
  abstract readonly parents: readonly RddNode<unknown>[];
  abstract compute(split: number, emit: Emit<T>): void;
  get partitioner(): Partitioner | undefined {
    return undefined;
  }

  // ---- what every dataset has ----
  /**
   * Keeps each partition once computed, for every reader of this dataset, including datasets derived from
   * it before (Spark marks the RDD itself, not a copy).
   */
  persist(): void {
    this.#cache ??= new Array(this.numPartitions);
  }
  unpersist(): void {
    this.#cache = undefined;
  }
  get isPersisted(): boolean {
    return this.#cache !== undefined;
  }

  /** Pushes the records of one partition into `emit`: from the cache when persisted, else computed (Spark's `RDD.iterator`). */
  iterator(split: number, emit: Emit<T>): void {
    const cache = this.#cache;
    if (cache === undefined) {
      this.compute(split, emit);
      return;
    }
    let items = cache[split];
    if (items === undefined) {
      items = [];
      const out = items;
      this.compute(split, (x) => {
        out.push(x);
      });
      cache[split] = items;
    }
    for (let i = 0; i < items.length; i++) emit(items[i]);
  }

  /** The records of one partition as a new array. */
  collectPartition(split: number): T[] {
    const cached = this.#cache?.[split];
    if (cached !== undefined) return cached.slice();
    const out: T[] = [];
    this.iterator(split, (x) => {
      out.push(x);
    });
    return out;
  }

  /** The number of records of one partition; kinds that know it without producing the records say so. */
  countPartition(split: number): number {
    let n = 0;
    this.iterator(split, () => {
      n++;
    });
    return n;
  }

  /** Wraps an error thrown by this operation's user function with the operation and partition. */
  fail(split: number, cause: unknown): UserFunctionError {
    return new UserFunctionError(this.describe(), split, cause);
  }

  /** `map (stream 3) at app.ts:12` inside a stream's batch (said once when the stream is that operation). */
  describe(): string {
    if (this.scope === undefined) return `${this.name} (dataset ${this.id})`;
    return this.scope.startsWith(`${this.name} (`) ? this.scope : `${this.name} in ${this.scope}`;
  }
}
