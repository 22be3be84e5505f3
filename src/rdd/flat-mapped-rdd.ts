import type { Partitioner } from './partitioner.ts';
import { type Emit, RddNode } from './rdd-node.ts';

/** `flatMap`; also `flatMapValues` when `keepsPartitioner` is set. */
export class FlatMappedRdd<T, U> extends RddNode<U> {
  readonly numPartitions: number;
  readonly parent: RddNode<T>;
  readonly f: (x: T) => Iterable<U>;
  readonly name: string;
  readonly keepsPartitioner: boolean;
  constructor(parent: RddNode<T>, f: (x: T) => Iterable<U>, name = 'flatMap', keepsPartitioner = false) {
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
      let ys: Iterable<U>;
      try {
        ys = f(x);
      } catch (e) {
        throw this.fail(split, e);
      }
      if (Array.isArray(ys)) {
        for (let i = 0; i < ys.length; i++) emit(ys[i]);
      } else {
        for (const y of ys) emit(y);
      }
    });
  }
}
