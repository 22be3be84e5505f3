import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner } from '../../src/index.ts';

const sc = new BatchContext();

describe('cartesian', () => {
  it('partition i·n₂ + j pairs partition i of the first with partition j of the second', () => {
    const c = sc.parallelize([1, 2, 3], 2).cartesian(sc.parallelize(['a', 'b'], 2));
    assert.equal(c.numPartitions, 4);
    // Spark 4.0: [[(1,a)],[(1,b)],[(2,a),(3,a)],[(2,b),(3,b)]]
    assert.deepEqual(c.collectPartitions(), [
      [[1, 'a']],
      [[1, 'b']],
      [
        [2, 'a'],
        [3, 'a'],
      ],
      [
        [2, 'b'],
        [3, 'b'],
      ],
    ]);
  });

  it('loops over the first partition outside and the second inside', () => {
    const c = sc.parallelize([1, 2], 1).cartesian(sc.parallelize(['x', 'y'], 1));
    assert.deepEqual(c.collect(), [
      [1, 'x'],
      [1, 'y'],
      [2, 'x'],
      [2, 'y'],
    ]);
  });

  it('has P₁·P₂ partitions, even empty, and no partitioner', () => {
    const c = sc.parallelize<number>([], 2).cartesian(sc.parallelize([1, 2, 3], 3));
    assert.equal(c.numPartitions, 6);
    assert.equal(c.count(), 0);
    assert.equal(sc.parallelize([1], 2).cartesian(sc.emptyRDD<number>()).numPartitions, 0);
    const keyed = sc
      .parallelize<[string, number]>([['a', 1]], 1)
      .partitionBy(new HashPartitioner(2))
      .cartesian(sc.parallelize([0], 1));
    assert.equal(keyed.partitioner, undefined);
  });
});
