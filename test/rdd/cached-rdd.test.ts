import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner } from '../../src/index.ts';

const sc = new BatchContext();

describe('persist / cache', () => {
  it('computes each partition once', () => {
    let calls = 0;
    const rdd = sc
      .parallelize([1, 2, 3, 4], 2)
      .map((x) => {
        calls++;
        return x * 2;
      })
      .cache();
    assert.equal(rdd.count(), 4);
    assert.deepEqual(rdd.collect(), [2, 4, 6, 8]);
    assert.deepEqual(rdd.map((x) => x + 1).collect(), [3, 5, 7, 9]);
    assert.equal(calls, 4);
  });

  it('without it, every action recomputes', () => {
    let calls = 0;
    const rdd = sc.parallelize([1, 2, 3, 4], 2).map((x) => {
      calls++;
      return x;
    });
    rdd.count();
    rdd.count();
    assert.equal(calls, 8);
  });

  it('a partition read alone is cached alone', () => {
    const reads: number[] = [];
    const rdd = sc
      .parallelize([1, 2, 3, 4], 4)
      .mapPartitionsWithIndex((i, items) => {
        reads.push(i);
        return items;
      })
      .persist();
    assert.deepEqual(rdd.take(1), [1]);
    assert.deepEqual(rdd.collect(), [1, 2, 3, 4]);
    assert.deepEqual(reads, [0, 1, 2, 3]);
  });

  it('returns the same dataset, keeps its partitioner, and is idempotent', () => {
    const placed = sc
      .parallelize<[string, number]>(
        [
          ['a', 1],
          ['b', 2],
        ],
        2,
      )
      .partitionBy(new HashPartitioner(2));
    const partitioner = placed.partitioner;
    assert.equal(placed.cache(), placed);
    assert.equal(placed.persist(), placed);
    assert.equal(placed.partitioner, partitioner);
    assert.equal(placed.numPartitions, 2);
  });

  it('a dataset derived before persist reads the kept partitions, as in Spark', () => {
    let calls = 0;
    const base = sc.parallelize([1, 2, 3, 4], 2).map((x) => {
      calls++;
      return x * 10;
    });
    const derived = base.filter((x) => x > 10);
    base.persist();
    assert.deepEqual(base.collect(), [10, 20, 30, 40]);
    assert.deepEqual(derived.collect(), [20, 30, 40]);
    assert.deepEqual(derived.map((x) => x + 1).collect(), [21, 31, 41]);
    assert.equal(calls, 4);
  });

  it('unpersist drops the kept partitions and later reads compute again', () => {
    let calls = 0;
    const rdd = sc
      .parallelize([1, 2, 3], 3)
      .map((x) => {
        calls++;
        return x;
      })
      .cache();
    assert.equal(rdd.isPersisted, true);
    rdd.count();
    rdd.count();
    assert.equal(calls, 3);
    assert.equal(rdd.unpersist(), rdd);
    assert.equal(rdd.isPersisted, false);
    rdd.count();
    assert.equal(calls, 6);
  });

  it('hands out copies: a caller changing a partition array leaves the kept one intact', () => {
    const rdd = sc.parallelize([3, 1, 2], 1).cache();
    rdd.glom().collect()[0].reverse();
    rdd.mapPartitions((items) => items.sort()).collect();
    assert.deepEqual(rdd.collect(), [3, 1, 2]);
  });
});
