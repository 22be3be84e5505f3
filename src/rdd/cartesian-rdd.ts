import { type Emit, RddNode } from './rdd-node.ts';

/** Every pair `[a, b]`; partition i·n₂ + j pairs partition i of the first with partition j of the second. */
export class CartesianRdd<A, B> extends RddNode<[A, B]> {
  readonly name = 'cartesian';
  readonly numPartitions: number;
  readonly first: RddNode<A>;
  readonly second: RddNode<B>;
  constructor(first: RddNode<A>, second: RddNode<B>) {
    super(first.ctx);
    this.first = first;
    this.second = second;
    this.numPartitions = first.numPartitions * second.numPartitions;
  }
  get parents(): readonly RddNode<unknown>[] {
    return [this.first, this.second];
  }
  compute(split: number, emit: Emit<[A, B]>): void {
    const n2 = this.second.numPartitions;
    const bs = this.second.collectPartition(split % n2);
    this.first.iterator(Math.floor(split / n2), (a) => {
      for (let i = 0; i < bs.length; i++) emit([a, bs[i]]);
    });
  }
}
