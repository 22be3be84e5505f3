import { BatchContext, type Rdd } from '../../src/index.ts';

export type Pair = [string, number];

/** Spark's verified example: a1 b2 a3 c4 b5 d6 a7 e8 in 3 slices: [a1 b2] [a3 c4 b5] [d6 a7 e8]. */
export const sample = (sc: BatchContext = new BatchContext()): Rdd<Pair> =>
  sc.parallelize<Pair>(
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
      ['b', 5],
      ['d', 6],
      ['a', 7],
      ['e', 8],
    ],
    3,
  );
