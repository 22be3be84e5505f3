import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** `map`; also `mapValues` when `keepsPartitioner` is set (the key is untouched). */
export class MappedRdd<T, U> extends RddNode<U> {
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly f: (x: T) => U;
  readonly name: string;
  readonly keepsPartitioner: boolean;
  constructor(parent: RddNode<T>, f: (x: T) => U, name = 'map', keepsPartitioner = false) {
    super(parent.ctx);
    this.parent = parent;
    this.f = f;
    this.name = name;
    this.keepsPartitioner = keepsPartitioner;
    this.numPartitions = parent.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.parent];
  }
  override get partitioner(): Partitioner | undefined {
    return this.keepsPartitioner ? this.parent.partitioner : undefined;
  }
  compute(split: number, emit: Emit<U>): void {
    const f = this.f;
    this.parent.iterator(split, (x) => {
      let y: U;
      try {
        y = f(x);
      } catch (e) {
        throw this.fail(split, e);
      }
      emit(y);
    });
  }
}
