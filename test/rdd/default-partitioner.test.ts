import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Rdd } from '../../src/index.ts';

type Pair = [number, number];
const data = (n: number): Pair[] => Array.from({ length: n }, (_, i): Pair => [i, i]);

describe('default partitioner of keyed operations', () => {
  const sc = new BatchContext();
  const plain = (slices: number): Rdd<Pair> => sc.parallelize(data(6), slices);

  it('without defaultParallelism, hashes into the largest input count', () => {
    const j = plain(2).join(plain(5));
    assert.equal(j.numPartitions, 5);
    assert.ok(j.partitioner?.equals(new HashPartitioner(5)));
    assert.equal(plain(4).reduceByKey((a, b) => a + b).numPartitions, 4);
    assert.equal(plain(3).cogroup(plain(1), plain(2)).numPartitions, 3);
  });

  it('reuses the existing partitioner of an input', () => {
    const placed = plain(2).partitionBy(new HashPartitioner(3));
    const j = placed.join(plain(2));
    assert.equal(j.partitioner, placed.partitioner);
    assert.equal(plain(2).leftOuterJoin(placed).partitioner, placed.partitioner);
  });

  it('reuses the partitioner of the input with the most partitions; the first on a tie', () => {
    const two = plain(1).partitionBy(new HashPartitioner(2));
    const four = plain(1).partitionBy(new HashPartitioner(4));
    assert.equal(two.join(four).partitioner, four.partitioner);
    assert.equal(four.join(two).partitioner, four.partitioner);
    const ranged = plain(3).sortByKey(true, 3);
    const hashed = plain(1).partitionBy(new HashPartitioner(3));
    assert.equal(ranged.join(hashed).partitioner, ranged.partitioner);
    assert.equal(hashed.join(ranged).partitioner, hashed.partitioner);
  });

  it('does not reuse a partitioner ten times smaller than the largest input', () => {
    const small = plain(1).partitionBy(new HashPartitioner(2));
    const j = small.join(sc.parallelize(data(30), 30));
    assert.ok(j.partitioner?.equals(new HashPartitioner(30)));
    assert.notEqual(j.partitioner, small.partitioner);
    // Within ten times it is reused.
    const near = plain(1).partitionBy(new HashPartitioner(3));
    assert.equal(near.join(sc.parallelize(data(29), 29)).partitioner, near.partitioner);
  });

  it('ignores a partitioner with no partitions', () => {
    const zero = sc.emptyRDD<Pair>().partitionBy(new HashPartitioner(0));
    assert.equal(zero.numPartitions, 0);
    assert.ok(zero.join(plain(2)).partitioner?.equals(new HashPartitioner(2)));
  });
});

describe('default partitioner with defaultParallelism set', () => {
  const sc = new BatchContext({ defaultParallelism: 4 });
  const plain = (slices: number): Rdd<Pair> => sc.parallelize(data(6), slices);

  it('hashes into the default parallelism', () => {
    assert.equal(plain(2).join(plain(7)).numPartitions, 4);
    assert.equal(plain(9).reduceByKey((a, b) => a + b).numPartitions, 4);
    assert.equal(plain(1).groupByKey().numPartitions, 4);
  });

  it('reuses an ineligible partitioner when it is at least the default parallelism', () => {
    const placed = plain(1).partitionBy(new HashPartitioner(4));
    assert.equal(placed.join(sc.parallelize(data(50), 50)).partitioner, placed.partitioner);
    const smaller = plain(1).partitionBy(new HashPartitioner(3));
    assert.ok(smaller.join(sc.parallelize(data(50), 50)).partitioner?.equals(new HashPartitioner(4)));
  });

  it('explicit counts win over the default', () => {
    assert.equal(plain(2).reduceByKey((a, b) => a + b, 6).numPartitions, 6);
    assert.equal(plain(2).join(plain(3), 1).numPartitions, 1);
  });
});
