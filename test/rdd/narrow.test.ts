import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Rdd } from '../../src/index.ts';

const sc = new BatchContext();
const pairs = (): Rdd<[string, number]> =>
  sc.parallelize<[string, number]>(
    [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ],
    2,
  );
const partitioned = (): Rdd<[string, number]> => pairs().partitionBy(new HashPartitioner(2));

describe('map, flatMap, filter', () => {
  it('map is per record and stays in its partition', () => {
    assert.deepEqual(
      sc
        .parallelize([1, 2, 3, 4, 5], 2)
        .map((x) => x * 10)
        .collectPartitions(),
      [
        [10, 20],
        [30, 40, 50],
      ],
    );
  });

  it('flatMap expands in order, from arrays or any iterable', () => {
    const rdd = sc.parallelize([1, 2, 3], 2);
    assert.deepEqual(rdd.flatMap((x) => Array.from({ length: x }, () => x)).collectPartitions(), [
      [1],
      [2, 2, 3, 3, 3],
    ]);
    function* twice(x: number): Generator<number> {
      yield x;
      yield -x;
    }
    assert.deepEqual(rdd.flatMap(twice).collect(), [1, -1, 2, -2, 3, -3]);
    assert.deepEqual(rdd.flatMap(() => []).collectPartitions(), [[], []]);
  });

  it('filter keeps records in place', () => {
    assert.deepEqual(
      sc
        .parallelize([1, 2, 3, 4, 5, 6], 3)
        .filter((x) => x % 2 === 1)
        .collectPartitions(),
      [[1], [3], [5]],
    );
  });

  it('map and flatMap drop the partitioner; filter keeps it', () => {
    const rdd = partitioned();
    assert.ok(rdd.partitioner !== undefined);
    assert.equal(rdd.map((p) => p).partitioner, undefined);
    assert.equal(rdd.flatMap((p) => [p]).partitioner, undefined);
    assert.equal(rdd.filter(() => true).partitioner, rdd.partitioner);
    assert.deepEqual(rdd.filter(() => true).collectPartitions(), rdd.collectPartitions());
  });
});

describe('mapPartitions, mapPartitionsWithIndex, glom', () => {
  it('mapPartitions sees each whole partition', () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5], 3);
    assert.deepEqual(rdd.mapPartitions((items) => [items.reduce((a, b) => a + b, 0)]).collectPartitions(), [
      [1],
      [5],
      [9],
    ]);
  });

  it('mapPartitionsWithIndex passes the partition index', () => {
    const rdd = sc.parallelize(['a', 'b', 'c'], 3);
    assert.deepEqual(rdd.mapPartitionsWithIndex((i, items) => items.map((x) => `${i}${x}`)).collect(), [
      '0a',
      '1b',
      '2c',
    ]);
    assert.deepEqual(
      sc
        .parallelize([], 2)
        .mapPartitionsWithIndex((i) => [i])
        .collect(),
      [0, 1],
    );
  });

  it('a generator result is drained', () => {
    function* evens(items: number[]): Generator<number> {
      for (const x of items) if (x % 2 === 0) yield x;
    }
    assert.deepEqual(sc.parallelize([1, 2, 3, 4], 2).mapPartitions(evens).collectPartitions(), [[2], [4]]);
  });

  it('keeps the partitioner only when asked to', () => {
    const rdd = partitioned();
    assert.equal(rdd.mapPartitions((x) => x).partitioner, undefined);
    assert.equal(rdd.mapPartitions((x) => x, true).partitioner, rdd.partitioner);
    assert.equal(rdd.mapPartitionsWithIndex((_, x) => x).partitioner, undefined);
    assert.equal(rdd.mapPartitionsWithIndex((_, x) => x, true).partitioner, rdd.partitioner);
  });

  it('glom gives one array per partition, empty ones included', () => {
    const rdd = sc.parallelize([7, 8], 4).glom();
    assert.deepEqual(rdd.collect(), [[], [7], [], [8]]);
    assert.equal(partitioned().glom().partitioner, undefined);
  });
});

describe('keyBy, keys, values, mapValues, flatMapValues', () => {
  it('keyBy pairs each record with its key and drops the partitioner', () => {
    assert.deepEqual(
      sc
        .parallelize(['aa', 'b'], 2)
        .keyBy((s) => s.length)
        .collectPartitions(),
      [[[2, 'aa']], [[1, 'b']]],
    );
    assert.equal(partitioned().keyBy((p) => p[0]).partitioner, undefined);
  });

  it('keys and values project in place and drop the partitioner', () => {
    assert.deepEqual(pairs().keys().collectPartitions(), [
      ['a', 'b'],
      ['c', 'a'],
    ]);
    assert.deepEqual(pairs().values().collectPartitions(), [
      [1, 2],
      [3, 4],
    ]);
    assert.equal(partitioned().keys().partitioner, undefined);
    assert.equal(partitioned().values().partitioner, undefined);
  });

  it('mapValues keeps keys, positions and the partitioner', () => {
    assert.deepEqual(
      pairs()
        .mapValues((v) => v * 2)
        .collectPartitions(),
      [
        [
          ['a', 2],
          ['b', 4],
        ],
        [
          ['c', 6],
          ['a', 8],
        ],
      ],
    );
    const rdd = partitioned();
    assert.equal(rdd.mapValues(String).partitioner, rdd.partitioner);
  });

  it('flatMapValues emits [key, x] for each x in order and keeps the partitioner', () => {
    assert.deepEqual(
      pairs()
        .flatMapValues((v) => (v % 2 === 0 ? [v, -v] : []))
        .collectPartitions(),
      [
        [
          ['b', 2],
          ['b', -2],
        ],
        [
          ['a', 4],
          ['a', -4],
        ],
      ],
    );
    const rdd = partitioned();
    assert.equal(rdd.flatMapValues((v) => [v]).partitioner, rdd.partitioner);
  });
});

describe('laziness', () => {
  it('transformations run nothing until an action', () => {
    let calls = 0;
    const rdd = sc
      .parallelize([1, 2, 3], 2)
      .map((x) => {
        calls++;
        return x;
      })
      .filter(() => true)
      .flatMap((x) => [x]);
    assert.equal(calls, 0);
    assert.equal(rdd.count(), 3);
    assert.equal(calls, 3);
  });
});

describe('partitions', () => {
  it("lists one descriptor per partition, as Spark's rdd.partitions", () => {
    const sc = new BatchContext();
    const rdd = sc.parallelize([1, 2, 3], 3);
    assert.equal(rdd.partitions.length, 3);
    assert.deepEqual(
      rdd.partitions.map((p) => p.index),
      [0, 1, 2],
    );
    assert.equal(rdd.repartition(5).partitions.length, rdd.repartition(5).getNumPartitions());
  });
});
