/** How values of one key are combined (Spark's `Aggregator`), for combineByKey and its kin. */
export interface Aggregator<V, C> {
  createCombiner(value: V): C;
  mergeValue(combiner: C, value: V): C;
  mergeCombiners(a: C, b: C): C;
}
