import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, InvalidArgumentError, UserFunctionError } from '../../src/index.ts';
import { sample as pairs } from './fixtures.ts';

// Expected partitions come from Spark 4.0.0 (local mode, spark.default.parallelism unset) on the same input.
const sc = new BatchContext();

describe('zip', () => {
  it('pairs records position by position, partition by partition', () => {
    const a = sc.parallelize([1, 2, 3, 4, 5], 2);
    assert.deepEqual(a.zip(a.map((x) => x * 10)).collectPartitions(), [
      [
        [1, 10],
        [2, 20],
      ],
      [
        [3, 30],
        [4, 40],
        [5, 50],
      ],
    ]);
  });

  it('refuses unequal partition counts at once and unequal partition sizes when computed', () => {
    const a = sc.parallelize([1, 2, 3, 4], 2);
    assert.throws(() => a.zip(sc.parallelize([1, 2, 3, 4], 3)), /unequal numbers of partitions: 2, 3/);
    const z = a.zip(sc.parallelize([1, 2, 3], 2));
    assert.throws(
      () => z.collect(),
      (e: unknown) => e instanceof InvalidArgumentError && /partition 0 has 2 and 1/.test(e.message),
    );
  });
});

describe('zipPartitions', () => {
  it('applies the function to the partitions of each index, with 2, 3 or 4 datasets', () => {
    const a = sc.parallelize([1, 2, 3, 4], 2);
    const b = sc.parallelize(['x', 'y', 'z'], 2);
    assert.deepEqual(a.zipPartitions(b, (xs, ys) => [`${xs.join('')}|${ys.join('')}`]).collect(), ['12|x', '34|yz']);
    assert.deepEqual(a.zipPartitions(b, a, (xs, ys, zs) => [xs.length + ys.length + zs.length]).collect(), [5, 6]);
    assert.deepEqual(
      a.zipPartitions(b, a, b, (w, x, y, z) => [w.length + x.length + y.length + z.length]).collect(),
      [6, 8],
    );
  });

  it('keeps the partitioner only when asked, and blames the user function for its errors', () => {
    const p = pairs().partitionBy(new HashPartitioner(2));
    assert.equal(p.zipPartitions(p, (xs) => xs, true).partitioner, p.partitioner);
    assert.equal(p.zipPartitions(p, (xs) => xs).partitioner, undefined);
    const failing = p.zipPartitions(p, () => {
      throw new Error('boom');
    });
    assert.throws(() => failing.collect(), UserFunctionError);
  });
});

describe('zipWithIndex and zipWithUniqueId', () => {
  const letters = () => sc.parallelize(['a', 'b', 'c', 'd', 'e'], 3);

  it('zipWithIndex numbers records across partitions', () => {
    assert.deepEqual(letters().zipWithIndex().collectPartitions(), [
      [['a', 0]],
      [
        ['b', 1],
        ['c', 2],
      ],
      [
        ['d', 3],
        ['e', 4],
      ],
    ]);
    assert.deepEqual(sc.parallelize<string>([], 2).zipWithIndex().collect(), []);
  });

  it('zipWithUniqueId gives the j-th record of partition k of n the id j * n + k', () => {
    assert.deepEqual(letters().zipWithUniqueId().collectPartitions(), [
      [['a', 0]],
      [
        ['b', 1],
        ['c', 4],
      ],
      [
        ['d', 2],
        ['e', 5],
      ],
    ]);
  });
});

describe('intersection', () => {
  const i1 = () => sc.parallelize([1, 10, 2, 3, 4, 5, 3, 17, 33, 16, 64, 1], 3);
  const i2 = () => sc.parallelize([3, 4, 5, 6, 7, 8, 1, 64, 33, 16, 17, 1], 2);

  it('gives each common record once, placed and ordered as Spark (cogroup with the default partitioner)', () => {
    assert.deepEqual(i1().intersection(i2()).collectPartitions(), [
      [33, 3],
      [4, 16, 64, 1],
      [17, 5],
    ]);
    assert.deepEqual(i1().intersection(i2(), 4).collectPartitions(), [[4, 16, 64], [33, 1, 17, 5], [], [3]]);
    const ws = sc.parallelize(['a', 'bb', 'Aa', 'BB', 'c', 'dd', 'a', 'zz', 'yy', 'x'], 3);
    assert.deepEqual(ws.intersection(sc.parallelize(['BB', 'a', 'x', 'Aa', 'q'], 2)).collectPartitions(), [
      ['x', 'Aa', 'BB'],
      ['a'],
      [],
    ]);
  });
});

describe('subtract and subtractByKey', () => {
  it('subtract keeps duplicates, placed like this dataset by default', () => {
    const i1 = sc.parallelize([1, 10, 2, 3, 4, 5, 3, 17, 33, 16, 64, 1], 3);
    const i2 = sc.parallelize([3, 4, 5, 6, 7, 8, 1, 64, 33, 16, 17, 1], 2);
    assert.deepEqual(i1.subtract(i2).collectPartitions(), [[], [10], [2]]);
    assert.deepEqual(i1.subtract(sc.parallelize([3, 4], 2), 2).collectPartitions(), [
      [16, 64, 2, 10],
      [1, 1, 17, 33, 5],
    ]);
    const ws = sc.parallelize(['a', 'bb', 'Aa', 'BB', 'c', 'dd', 'a', 'zz', 'yy', 'x'], 3);
    assert.deepEqual(ws.subtract(sc.parallelize(['c', 'x'], 2)).collectPartitions(), [
      ['Aa', 'BB'],
      ['bb', 'zz', 'a', 'a'],
      ['dd', 'yy'],
    ]);
  });

  it('lists keys in java.util.HashMap order, including a table that grew', () => {
    const many = Array.from({ length: 40 }, (_, i) => (i * 16) % 200);
    assert.deepEqual(
      sc
        .parallelize(many, 2)
        .subtract(sc.parallelize([32, 48], 1))
        .collectPartitions(),
      [
        [
          0, 0, 64, 64, 128, 128, 192, 192, 8, 8, 72, 136, 16, 16, 80, 80, 144, 144, 24, 24, 88, 152, 96, 96, 160, 160,
          40, 104, 168, 112, 112, 176, 176, 56, 120, 184,
        ],
        [],
      ],
    );
    const keyed = sc.parallelize(
      Array.from({ length: 40 }, (_, i): [number, number] => [(i * 16) % 200, i]),
      2,
    );
    assert.deepEqual(
      keyed
        .subtractByKey(sc.parallelize<[number, number]>([[32, 0]], 1))
        .collectPartitions()[0]
        .slice(0, 12),
      [
        [0, 0],
        [0, 25],
        [64, 4],
        [64, 29],
        [128, 8],
        [128, 33],
        [192, 12],
        [192, 37],
        [8, 13],
        [8, 38],
        [72, 17],
        [136, 21],
      ],
    );
  });

  it('subtract of a partitioned pair dataset places pairs by their key and drops the partitioner', () => {
    const hp = pairs().partitionBy(new HashPartitioner(3));
    const s = hp.subtract(
      sc.parallelize<[string, number]>(
        [
          ['a', 3],
          ['e', 8],
        ],
        2,
      ),
    );
    assert.deepEqual(s.collectPartitions(), [
      [['c', 4]],
      [
        ['a', 1],
        ['a', 7],
        ['d', 6],
      ],
      [
        ['b', 5],
        ['b', 2],
      ],
    ]);
    assert.equal(s.partitioner, undefined);
  });
});
