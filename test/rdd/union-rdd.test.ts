import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Rdd } from '../../src/index.ts';

const sc = new BatchContext();
const pairs = (data: [string, number][], slices: number): Rdd<[string, number]> => sc.parallelize(data, slices);
const left = (): Rdd<[string, number]> =>
  pairs(
    [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ],
    2,
  );
const right = (): Rdd<[string, number]> =>
  pairs(
    [
      ['a', 10],
      ['e', 50],
      ['f', 60],
    ],
    3,
  );

describe('union (UnionRdd)', () => {
  it('concatenates the partitions of each input, in order', () => {
    const u = sc.parallelize([1, 2, 3], 2).union(sc.parallelize([4, 5, 6], 3));
    assert.equal(u.numPartitions, 5);
    assert.deepEqual(u.collectPartitions(), [[1], [2, 3], [4], [5], [6]]);
    assert.equal(u.partitioner, undefined);
  });

  it('BatchContext.union takes any number of inputs', () => {
    const u = sc.union([sc.parallelize([1], 1), sc.parallelize([2, 3], 2), sc.parallelize<number>([], 1)]);
    assert.deepEqual(u.collectPartitions(), [[1], [2], [3], []]);
    assert.equal(sc.union<number>([]).count(), 0);
  });

  it('a dataset united with itself holds every record twice', () => {
    const rdd = sc.parallelize([1, 2], 2);
    assert.deepEqual(rdd.union(rdd).collect(), [1, 2, 1, 2]);
  });

  it('concatenates when the partitioners differ or one input has none', () => {
    const a = left().partitionBy(new HashPartitioner(2));
    const b = right().partitionBy(new HashPartitioner(3));
    assert.equal(a.union(b).numPartitions, 5);
    assert.equal(a.union(b).partitioner, undefined);
    assert.equal(a.union(right()).numPartitions, 5);
    assert.equal(a.union(right()).partitioner, undefined);
  });
});

describe('union (partitioner-aware)', () => {
  it('with one shared partitioner, partition i is every input partition i, and the partitioner is kept', () => {
    const a = left().partitionBy(new HashPartitioner(3));
    const b = right().partitionBy(new HashPartitioner(3));
    const u = a.union(b);
    assert.equal(u.numPartitions, 3);
    assert.ok(u.partitioner?.equals(new HashPartitioner(3)));
    const pa = a.collectPartitions();
    const pb = b.collectPartitions();
    assert.deepEqual(
      u.collectPartitions(),
      pa.map((p, i) => [...p, ...pb[i]]),
    );
  });

  it('ignores inputs with no partitions, as Spark drops them', () => {
    const a = left().partitionBy(new HashPartitioner(3));
    const u = sc.union([a, sc.emptyRDD<[string, number]>()]);
    assert.equal(u.numPartitions, 3);
    assert.equal(u.partitioner, a.partitioner);
    assert.deepEqual(u.collectPartitions(), a.collectPartitions());
  });

  it('lets a following keyed operation skip the shuffle', () => {
    const p = new HashPartitioner(2);
    const u = left().partitionBy(p).union(right().partitionBy(p));
    const summed = u.reduceByKey((x, y) => x + y);
    assert.equal(summed.partitioner, u.partitioner);
    const keysByPartition = summed.collectPartitions().map((part) => part.map(([k]) => k).sort());
    const expected = u.collectPartitions().map((part) => [...new Set(part.map(([k]) => k))].sort());
    assert.deepEqual(keysByPartition, expected);
  });
});
