// Where records land and in what order, element for element as Spark 4.0 produces them: every expected
// partition below was printed by Spark 4.0.0 (local mode) for the same input and partition counts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner } from '../../src/index.ts';
import { sample } from './fixtures.ts';

const sc = new BatchContext({ defaultParallelism: 2 });
const add = (a: number, b: number): number => a + b;
type Pair = [string, number];

// Eight keys whose slots collide in Spark's hash table, so the order the reduce side meets them matters.
const colliding: Pair[] = [
  ['k25', 2],
  ['k19', 6],
  ['k35', 3],
  ['k34', 9],
  ['k31', 5],
  ['k12', 4],
  ['k32', 2],
  ['k10', 4],
];

describe('repartition places records as Spark >= 3.4 does', () => {
  const expected: Record<number, number[][]> = {
    1: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]],
    2: [
      [1, 3, 6, 8, 10, 12, 14, 15, 17, 19],
      [0, 2, 4, 5, 7, 9, 11, 13, 16, 18],
    ],
    3: [
      [0, 3, 7, 11, 14, 15, 18],
      [1, 4, 5, 8, 12, 16, 19],
      [2, 6, 9, 10, 13, 17],
    ],
    4: [
      [3, 8, 10, 14, 16],
      [0, 4, 5, 9, 11, 17],
      [1, 6, 12, 18],
      [2, 7, 13, 15, 19],
    ],
    5: [
      [1, 6, 11, 17],
      [2, 7, 12, 18],
      [3, 8, 13, 19],
      [4, 9, 14, 15],
      [0, 5, 10, 16],
    ],
    8: [[10, 17], [11, 18], [0, 5, 12, 19], [1, 6, 13], [2, 7, 14], [3, 8], [4, 9, 15], [16]],
    10: [[1, 11, 17], [2, 12, 18], [3, 13, 19], [4, 14], [5], [6], [7], [8], [9, 15], [0, 10, 16]],
  };
  const twenty = Array.from({ length: 20 }, (_, i) => i);
  for (const [n, partitions] of Object.entries(expected)) {
    it(`parallelize(0 until 20, 4).repartition(${n})`, () => {
      assert.deepEqual(sc.parallelize(twenty, 4).repartition(Number(n)).collectPartitions(), partitions);
    });
  }
  it('parallelize(0 until 10, 1).repartition(3)', () => {
    const ten = twenty.slice(0, 10);
    assert.deepEqual(sc.parallelize(ten, 1).repartition(3).collectPartitions(), [
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
  });
});

describe("aggregated partitions list their keys in Spark's hash-table order", () => {
  it('reduceByKey', () => {
    assert.deepEqual(sample(sc).reduceByKey(add, 3).collectPartitions(), [
      [['c', 4]],
      [
        ['d', 6],
        ['a', 11],
      ],
      [
        ['e', 8],
        ['b', 7],
      ],
    ]);
  });

  it('groupByKey, values in arrival order', () => {
    assert.deepEqual(sample(sc).groupByKey(3).collectPartitions(), [
      [['c', [4]]],
      [
        ['d', [6]],
        ['a', [1, 3, 7]],
      ],
      [
        ['e', [8]],
        ['b', [2, 5]],
      ],
    ]);
  });

  it('distinct', () => {
    assert.deepEqual(sc.parallelize([3, 1, 3, 2, 1, 5, 4, 4], 3).distinct().collectPartitions(), [[3], [4, 1], [5, 2]]);
  });

  it('reduceByKey on int keys', () => {
    const ones: [number, number][] = [1, 4, 2, 5, 1, 66, -3].map((k) => [k, 1]);
    assert.deepEqual(sc.parallelize(ones, 2).reduceByKey(add, 2).collectPartitions(), [
      [
        [4, 1],
        [66, 1],
        [2, 1],
      ],
      [
        [1, 2],
        [-3, 1],
        [5, 1],
      ],
    ]);
  });

  it('reduceByKey on tuple keys, placed by the Scala tuple hash', () => {
    const pairs: [[string, number], number][] = [
      [['x', 1], 1],
      [['y', 2], 2],
      [['x', 1], 3],
      [['z', 0], 4],
      [['y', 2], 5],
      [['a', 1], 6],
      [['b', 2], 7],
    ];
    assert.deepEqual(sc.parallelize(pairs, 2).reduceByKey(add, 3).collectPartitions(), [
      [
        [['b', 2], 7],
        [['x', 1], 4],
        [['a', 1], 6],
      ],
      [
        [['y', 2], 7],
        [['z', 0], 4],
      ],
      [],
    ]);
  });

  it('reduceByKey with colliding slots: map tasks hand their keys over sorted by hash code', () => {
    assert.deepEqual(sc.parallelize(colliding, 2).reduceByKey(add, 1).collectPartitions(), [
      [
        ['k19', 6],
        ['k25', 2],
        ['k34', 9],
        ['k12', 4],
        ['k31', 5],
        ['k10', 4],
        ['k32', 2],
        ['k35', 3],
      ],
    ]);
  });

  it('groupByKey with the same colliding slots: no map-side combine, so arrival order', () => {
    assert.deepEqual(sc.parallelize(colliding, 2).groupByKey(1).collectPartitions(), [
      [
        ['k19', [6]],
        ['k25', [2]],
        ['k34', [9]],
        ['k31', [5]],
        ['k12', [4]],
        ['k10', [4]],
        ['k32', [2]],
        ['k35', [3]],
      ],
    ]);
  });

  it('reduceByKey with equal hash codes ("Aa", "BB" blocks): the map task\'s own table orders them', () => {
    const data: Pair[] = [
      ['BBAa', 4],
      ['AaAa', 4],
      ['BBAa', 7],
      ['b', 8],
      ['BBBB', 3],
      ['BBBB', 5],
      ['a', 6],
      ['AaBB', 9],
      ['j', 6],
    ];
    assert.deepEqual(sc.parallelize(data, 1).reduceByKey(add, 1).collectPartitions(), [
      [
        ['a', 6],
        ['b', 8],
        ['AaBB', 9],
        ['j', 6],
        ['BBAa', 11],
        ['AaAa', 4],
        ['BBBB', 8],
      ],
    ]);
  });

  it('reduceByKey on data already partitioned alike (no shuffle)', () => {
    const part = new HashPartitioner(2);
    const data: Pair[] = [...colliding, ['k19', 1]];
    assert.deepEqual(sc.parallelize(data, 2).partitionBy(part).reduceByKey(add, part).collectPartitions(), [
      [
        ['k25', 2],
        ['k34', 9],
        ['k12', 4],
        ['k10', 4],
        ['k32', 2],
      ],
      [
        ['k19', 7],
        ['k31', 5],
        ['k35', 3],
      ],
    ]);
  });
});

describe("cogroup and joins list their keys in Spark's hash-table order", () => {
  it('join: keys met parent by parent, values nested with the left side outer', () => {
    const left: Pair[] = [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
      ['k25', 5],
      ['k19', 6],
      ['k35', 7],
    ];
    const right: Pair[] = [
      ['a', 10],
      ['c', 11],
      ['a', 12],
      ['k35', 13],
      ['k19', 14],
      ['e', 15],
    ];
    assert.deepEqual(sc.parallelize(left, 2).join(sc.parallelize(right, 3), 2).collectPartitions(), [
      [],
      [
        ['k19', [6, 14]],
        ['a', [1, 10]],
        ['a', [1, 12]],
        ['a', [3, 10]],
        ['a', [3, 12]],
        ['k35', [7, 13]],
        ['c', [4, 11]],
      ],
    ]);
  });

  it('cogroup with a null key, which comes first', () => {
    const left: [string | null, number][] = [
      ['a', 1],
      [null, 2],
      ['k35', 3],
      ['d', 4],
    ];
    const right: [string | null, number][] = [
      ['d', 5],
      ['k25', 6],
      [null, 7],
      ['a', 8],
    ];
    assert.deepEqual(sc.parallelize(left, 2).cogroup(sc.parallelize(right, 3), 2).collectPartitions(), [
      [
        [null, [[2], [7]]],
        ['d', [[4], [5]]],
        ['k25', [[], [6]]],
      ],
      [
        ['a', [[1], [8]]],
        ['k35', [[3], []]],
      ],
    ]);
  });

  it('cogroup with one side already partitioned alike', () => {
    const part = new HashPartitioner(2);
    const left: Pair[] = colliding.slice(0, 4);
    const right: Pair[] = [
      ['k10', 1],
      ['k35', 2],
      ['k25', 3],
      ['e', 4],
    ];
    const grouped = sc.parallelize(left, 2).partitionBy(part).cogroup(sc.parallelize(right, 3), part);
    assert.deepEqual(grouped.collectPartitions(), [
      [
        ['k25', [[2], [3]]],
        ['k34', [[9], []]],
        ['k10', [[], [1]]],
      ],
      [
        ['k19', [[6], []]],
        ['e', [[], [4]]],
        ['k35', [[3], [2]]],
      ],
    ]);
  });
});

describe('distinct on already-partitioned data', () => {
  it("keeps Spark's hash-table order, the same as the shuffling path", () => {
    const sc = new BatchContext({ defaultParallelism: 1 });
    const pairs: [string, number][] = [
      ['a', 1],
      ['c', 1],
      ['e', 1],
      ['a', 1],
      ['b', 2],
      ['d', 0],
    ];
    const inPlace = sc.parallelize(pairs, 1).partitionBy(new HashPartitioner(1)).distinct().collect();
    const shuffled = sc.parallelize(pairs, 1).distinct(1).collect();
    assert.deepEqual(inPlace, shuffled);
    assert.equal(inPlace.length, 5);
  });
});
