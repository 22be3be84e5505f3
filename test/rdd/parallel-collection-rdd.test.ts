import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, InvalidArgumentError } from '../../src/index.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('parallelize slicing', () => {
  const sc = new BatchContext();

  it('cuts at floor(i·len/numSlices), as Spark does', () => {
    assert.deepEqual(sc.parallelize(range(20), 4).collectPartitions(), [
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
      [15, 16, 17, 18, 19],
    ]);
    assert.deepEqual(sc.parallelize(range(10), 3).collectPartitions(), [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8, 9],
    ]);
  });

  it('keeps exactly numSlices partitions when there are fewer elements than slices', () => {
    const rdd = sc.parallelize(['x', 'y'], 5);
    assert.equal(rdd.getNumPartitions(), 5);
    assert.deepEqual(rdd.collectPartitions(), [[], [], ['x'], [], ['y']]);
  });

  it('keeps empty partitions of an empty collection', () => {
    const rdd = sc.parallelize<number>([], 3);
    assert.equal(rdd.numPartitions, 3);
    assert.deepEqual(rdd.collectPartitions(), [[], [], []]);
    assert.equal(rdd.count(), 0);
  });

  it('one slice holds everything in order', () => {
    assert.deepEqual(sc.parallelize([3, 1, 2], 1).collectPartitions(), [[3, 1, 2]]);
  });

  it('rejects numSlices below 1 or not whole', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => sc.parallelize([1, 2], n).collect(), InvalidArgumentError, `numSlices ${n}`);
    }
  });

  it('defaults numSlices to the default parallelism (2 when unset)', () => {
    assert.equal(sc.parallelize(range(5)).numPartitions, 2);
    assert.deepEqual(sc.parallelize(range(5)).collectPartitions(), [
      [0, 1],
      [2, 3, 4],
    ]);
    assert.equal(new BatchContext({ defaultParallelism: 3 }).parallelize(range(5)).numPartitions, 3);
  });

  it('accepts any iterable and has no partitioner', () => {
    const rdd = sc.parallelize(new Set(['a', 'b', 'c']), 2);
    assert.deepEqual(rdd.collectPartitions(), [['a'], ['b', 'c']]);
    assert.equal(rdd.partitioner, undefined);
  });

  it('makeRDD is the same slicing', () => {
    assert.deepEqual(sc.makeRDD(range(10), 3).collectPartitions(), sc.parallelize(range(10), 3).collectPartitions());
  });
});

describe('BatchContext', () => {
  it('range steps up and down, sliced like parallelize', () => {
    const sc = new BatchContext();
    assert.deepEqual(sc.range(0, 10, 3, 2).collectPartitions(), [
      [0, 3],
      [6, 9],
    ]);
    assert.deepEqual(sc.range(10, 0, -3, 1).collect(), [10, 7, 4, 1]);
    assert.deepEqual(sc.range(0, 5).collectPartitions(), [
      [0, 1],
      [2, 3, 4],
    ]);
    assert.deepEqual(sc.range(5, 5).collect(), []);
    assert.throws(() => sc.range(0, 5, 0), InvalidArgumentError);
  });

  it('emptyRDD has no partitions', () => {
    const rdd = new BatchContext().emptyRDD<number>();
    assert.equal(rdd.numPartitions, 0);
    assert.deepEqual(rdd.collectPartitions(), []);
    assert.equal(rdd.count(), 0);
    assert.equal(rdd.partitioner, undefined);
  });

  it('rejects a defaultParallelism below 1', () => {
    assert.throws(() => new BatchContext({ defaultParallelism: 0 }), InvalidArgumentError);
    assert.throws(() => new BatchContext({ defaultParallelism: 2.5 }), InvalidArgumentError);
  });

  it('every dataset knows its context', () => {
    const sc = new BatchContext();
    const rdd = sc.parallelize([1]).map((x) => x);
    assert.equal(rdd.context, sc);
    assert.equal(rdd.batchContext, sc);
  });
});
