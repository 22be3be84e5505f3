import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, InvalidArgumentError } from '../../src/index.ts';

const sc = new BatchContext();
const twenty = (): number[] => Array.from({ length: 20 }, (_, i) => i);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('coalesce without shuffle', () => {
  it('merges contiguous groups of parent partitions [⌊i·P/n⌋, ⌊(i+1)·P/n⌋)', () => {
    const rdd = sc.parallelize(twenty(), 5);
    assert.deepEqual(rdd.coalesce(2).collectPartitions(), [range(0, 7), range(8, 19)]);
    assert.deepEqual(rdd.coalesce(3).collectPartitions(), [range(0, 3), range(4, 11), range(12, 19)]);
    assert.deepEqual(rdd.coalesce(1).collectPartitions(), [twenty()]);
  });

  it('never makes more partitions than the parent has', () => {
    const rdd = sc.parallelize(twenty(), 5);
    assert.equal(rdd.coalesce(8).numPartitions, 5);
    assert.deepEqual(rdd.coalesce(8).collectPartitions(), rdd.collectPartitions());
    assert.deepEqual(rdd.coalesce(5).collectPartitions(), rdd.collectPartitions());
    assert.equal(sc.emptyRDD<number>().coalesce(3).numPartitions, 0);
  });

  it('keeps empty parent partitions inside their group', () => {
    assert.deepEqual(sc.parallelize([1, 2], 5).coalesce(2).collectPartitions(), [[], [1, 2]]);
  });

  it('drops the partitioner', () => {
    const rdd = sc
      .parallelize<[string, number]>(
        [
          ['a', 1],
          ['b', 2],
        ],
        2,
      )
      .partitionBy(new HashPartitioner(4));
    assert.equal(rdd.coalesce(2).partitioner, undefined);
  });

  it('rejects a count below 1', () => {
    assert.throws(() => sc.parallelize([1], 1).coalesce(0), InvalidArgumentError);
    assert.throws(() => sc.parallelize([1], 1).coalesce(-2), InvalidArgumentError);
    assert.throws(() => sc.parallelize([1], 1).repartition(0), InvalidArgumentError);
  });
});
