import { type Time, UserFunctionError } from '../core/index.ts';
import { Rdd } from '../rdd/index.ts';
import { DStreamNode } from './dstream-node.ts';
import { requireSameSlide } from './same-slide.ts';

/** `transform` / `transformWith`: any dataset function of the parents' datasets at the same time. */
export class TransformedDStream<U> extends DStreamNode<U> {
  readonly name: string;
  readonly parents: readonly DStreamNode<unknown>[];
  readonly f: (rdds: Rdd<unknown>[], time: Time) => Rdd<U>;
  constructor(parents: readonly DStreamNode<unknown>[], f: (rdds: Rdd<unknown>[], time: Time) => Rdd<U>, name: string) {
    requireSameSlide(name, parents);
    super(parents[0].graph, name);
    this.name = name;
    this.parents = parents;
    this.f = f;
  }
  get dependencies(): readonly DStreamNode<unknown>[] {
    return this.parents;
  }
  get slideDurationMs(): number {
    return this.parents[0].slideDurationMs;
  }
  compute(time: Time): Rdd<U> {
    const rdds = this.parents.map((p) => this.requireParentRdd(p, time));
    let result: Rdd<U>;
    try {
      result = this.f(rdds, time);
    } catch (e) {
      throw new UserFunctionError(this.describe(), undefined, e);
    }
    if (!(result instanceof Rdd)) {
      throw new UserFunctionError(
        this.describe(),
        undefined,
        new TypeError(
          `the function must return an Rdd, got ${String(result)}; return rdd.context.emptyRDD() for no records`,
        ),
      );
    }
    return result;
  }
}
