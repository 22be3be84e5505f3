import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, RangePartitioner } from '../../src/index.ts';
import { sortedPartitions } from './compare.ts';
import { type Pair, sample } from './fixtures.ts';

const sc = new BatchContext();

describe('sortByKey', () => {
  it('range-partitions ascending, stable within a key', () => {
    // Spark 4.0: [(a,1),(a,3),(a,7)] [(b,2),(b,5),(c,4)] [(d,6),(e,8)]
    const s = sample().sortByKey();
    assert.equal(s.numPartitions, 3);
    assert.ok(s.partitioner instanceof RangePartitioner);
    assert.deepEqual(s.collectPartitions(), [
      [
        ['a', 1],
        ['a', 3],
        ['a', 7],
      ],
      [
        ['b', 2],
        ['b', 5],
        ['c', 4],
      ],
      [
        ['d', 6],
        ['e', 8],
      ],
    ]);
  });

  it('descending, into a given number of partitions', () => {
    // Spark 4.0: sortByKey(false, 2) → [(e,8),(d,6),(c,4)] [(b,2),(b,5),(a,1),(a,3),(a,7)]
    assert.deepEqual(sample().sortByKey(false, 2).collectPartitions(), [
      [
        ['e', 8],
        ['d', 6],
        ['c', 4],
      ],
      [
        ['b', 2],
        ['b', 5],
        ['a', 1],
        ['a', 3],
        ['a', 7],
      ],
    ]);
  });

  it('orders numbers numerically and keys of mixed partitions across partitions', () => {
    const s = sc
      .parallelize<[number, string]>(
        [
          [10, 'x'],
          [9, 'y'],
          [100, 'z'],
          [-1, 'w'],
          [25, 'v'],
        ],
        2,
      )
      .sortByKey(true, 2);
    assert.deepEqual(s.keys().collect(), [-1, 9, 10, 25, 100]);
    const parts = s.keys().collectPartitions();
    assert.ok(parts[0].length > 0 && parts[1].length > 0);
    assert.ok(Math.max(...parts[0]) < Math.min(...parts[1]));
  });

  it('takes a comparator', () => {
    const byLength = (a: string, b: string): number => a.length - b.length;
    const s = sc
      .parallelize<[string, number]>(
        [
          ['ccc', 1],
          ['a', 2],
          ['bb', 3],
          ['dd', 4],
        ],
        2,
      )
      .sortByKey(true, 1, byLength);
    assert.deepEqual(s.collect(), [
      ['a', 2],
      ['bb', 3],
      ['dd', 4],
      ['ccc', 1],
    ]);
  });

  it('makes no more partitions than there are keys, and one for an empty dataset', () => {
    const two = sc
      .parallelize<Pair>(
        [
          ['b', 1],
          ['a', 2],
        ],
        2,
      )
      .sortByKey(true, 5);
    assert.equal(two.numPartitions, 2);
    assert.deepEqual(two.collectPartitions(), [[['a', 2]], [['b', 1]]]);
    const empty = sc.parallelize<Pair>([], 3).sortByKey();
    assert.equal(empty.numPartitions, 1);
    assert.deepEqual(empty.collect(), []);
  });

  it('a later keyed operation on the sorted data keeps its range partitioner', () => {
    const s = sample().sortByKey();
    const r = s.reduceByKey((a, b) => a + b);
    assert.equal(r.partitioner, s.partitioner);
    assert.deepEqual(sortedPartitions(r.collectPartitions()), [
      [['a', 11]],
      [
        ['b', 7],
        ['c', 4],
      ],
      [
        ['d', 6],
        ['e', 8],
      ],
    ]);
  });
});

describe('sortBy', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => (i * 7) % 20);

  it('sorts by the key function into range partitions (sizes 7, 7, 6 for 20 into 3)', () => {
    const s = sc.parallelize(twenty, 4).sortBy((x) => x, true, 3);
    assert.deepEqual(
      s.collectPartitions().map((p) => p.length),
      [7, 7, 6],
    );
    assert.deepEqual(
      s.collect(),
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(s.partitioner, undefined);
  });

  it('keeps the partition count by default and sorts descending', () => {
    const s = sc.parallelize(twenty, 4).sortBy((x) => x, false);
    assert.equal(s.numPartitions, 4);
    assert.deepEqual(
      s.collect(),
      Array.from({ length: 20 }, (_, i) => 19 - i),
    );
  });

  it('is stable: records with equal keys keep their order', () => {
    const words = ['bb', 'a', 'cc', 'd', 'eee', 'ff', 'g'];
    assert.deepEqual(
      sc
        .parallelize(words, 3)
        .sortBy((w) => w.length, true, 1)
        .collect(),
      ['a', 'd', 'g', 'bb', 'cc', 'ff', 'eee'],
    );
    assert.deepEqual(
      sc
        .parallelize(words, 3)
        .sortBy((w) => w.length, false, 2)
        .collect(),
      ['eee', 'bb', 'cc', 'ff', 'a', 'd', 'g'],
    );
  });

  it('sorts arrays lexicographically', () => {
    const s = sc
      .parallelize(
        [
          [2, 1],
          [1, 5],
          [1, 2, 0],
          [1, 2],
        ],
        2,
      )
      .sortBy((x) => x);
    assert.deepEqual(s.collect(), [
      [1, 2],
      [1, 2, 0],
      [1, 5],
      [2, 1],
    ]);
  });

  it('sorts data that was hash-partitioned', () => {
    const s = sample().partitionBy(new HashPartitioner(2)).sortByKey();
    assert.deepEqual(s.keys().collect(), ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e']);
  });
});
