import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner } from '../../src/index.ts';
import { sorted } from './compare.ts';

const sc = new BatchContext();

describe('array and object keys compare by value', () => {
  it('reduceByKey and groupByKey merge equal arrays from different partitions', () => {
    const rdd = sc.parallelize<[number[], number]>(
      [
        [[1, 2], 1],
        [[2, 1], 10],
        [[1, 2], 2],
        [[1, 2], 4],
      ],
      3,
    );
    assert.deepEqual(sorted(rdd.reduceByKey((a, b) => a + b).collect()), [
      [[1, 2], 7],
      [[2, 1], 10],
    ]);
    assert.deepEqual(sorted(rdd.groupByKey().collect()), [
      [
        [1, 2],
        [1, 2, 4],
      ],
      [[2, 1], [10]],
    ]);
  });

  it('object keys are equal whatever the order of their properties', () => {
    const rdd = sc.parallelize<[{ a: number; b: string }, number]>(
      [
        [{ a: 1, b: 'x' }, 1],
        [{ b: 'x', a: 1 }, 2],
        [{ a: 2, b: 'x' }, 3],
      ],
      2,
    );
    const counts = rdd.reduceByKey((a, b) => a + b).collect();
    assert.equal(counts.length, 2);
    assert.deepEqual(sorted(counts.map(([, n]) => n)), [3, 3]);
  });

  it('partitionBy places equal keys in one partition', () => {
    const p = new HashPartitioner(5);
    const parts = sc
      .parallelize<[[string, number], number]>(
        [
          [['k', 1], 1],
          [['k', 2], 2],
          [['k', 1], 3],
        ],
        3,
      )
      .partitionBy(p)
      .collectPartitions();
    const home = p.getPartition(['k', 1]);
    assert.deepEqual(sorted(parts[home].filter(([k]) => k[1] === 1).map(([, v]) => v)), [1, 3]);
  });

  it('joins, subtractByKey, distinct, lookup and countByKey match structurally', () => {
    const left = sc.parallelize<[number[], string]>(
      [
        [[1], 'a'],
        [[2], 'b'],
      ],
      2,
    );
    const right = sc.parallelize<[number[], number]>(
      [
        [[1], 10],
        [[3], 30],
      ],
      2,
    );
    assert.deepEqual(left.join(right).collect(), [[[1], ['a', 10]]]);
    assert.deepEqual(left.subtractByKey(right).collect(), [[[2], 'b']]);
    assert.deepEqual(left.lookup([1]), ['a']);
    assert.deepEqual(
      sorted(
        sc
          .parallelize([{ x: [1] }, { x: [1] }, { x: [2] }], 2)
          .distinct()
          .collect(),
      ),
      [{ x: [1] }, { x: [2] }],
    );
    const counts = left.union(left).countByKey();
    assert.equal(counts.size, 2);
    assert.deepEqual(sorted([...counts.values()]), [2, 2]);
  });

  it('a string never collides with a structural key', () => {
    const rdd = sc.parallelize<[unknown, number]>(
      [
        ['1', 1],
        [1, 2],
        [[1], 3],
        [['1'], 4],
      ],
      2,
    );
    assert.equal(rdd.reduceByKey((a, b) => a + b).count(), 4);
  });
});
