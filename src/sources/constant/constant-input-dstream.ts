import type { Time } from '../../core/index.ts';
import { type GraphOwner, InputDStream } from '../../dstream/index.ts';
import type { Rdd } from '../../rdd/index.ts';

/** The same dataset at every batch (Spark's `ConstantInputDStream`), for tests and benchmarks. */
export class ConstantInputDStream<T> extends InputDStream<T> {
  readonly name = 'constantInputStream';
  readonly rdd: Rdd<T>;
  constructor(owner: GraphOwner, rdd: Rdd<T>) {
    super(owner, 'constantInputStream');
    this.rdd = rdd;
  }
  compute(_time: Time): Rdd<T> {
    return this.rdd;
  }
}
