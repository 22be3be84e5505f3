import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Partitioner } from '../../src/index.ts';
import { sorted, sortedPartitions } from './compare.ts';
import { type Pair, sample } from './fixtures.ts';

const sc = new BatchContext();

/** A partitioner equal only to itself that counts the keys it places. */
class CountingPartitioner implements Partitioner {
  readonly numPartitions: number;
  calls = 0;
  readonly #hash: HashPartitioner;
  constructor(n: number) {
    this.numPartitions = n;
    this.#hash = new HashPartitioner(n);
  }
  getPartition(key: unknown): number {
    this.calls++;
    return this.#hash.getPartition(key);
  }
  equals(other: Partitioner | undefined): boolean {
    return other === this;
  }
}

describe('reduceByKey', () => {
  it('merges the values of each key', () => {
    assert.deepEqual(
      sorted(
        sample()
          .reduceByKey((a, b) => a + b)
          .collect(),
      ),
      [
        ['a', 11],
        ['b', 7],
        ['c', 4],
        ['d', 6],
        ['e', 8],
      ],
    );
  });

  it('places keys by HashPartitioner over the largest input count by default', () => {
    const r = sample().reduceByKey((a, b) => a + b);
    assert.equal(r.numPartitions, 3);
    assert.ok(r.partitioner?.equals(new HashPartitioner(3)));
    // Spark 4.0: [[(c,4)], [(d,6),(a,11)], [(e,8),(b,7)]]
    assert.deepEqual(sortedPartitions(r.collectPartitions()), [
      [['c', 4]],
      [
        ['a', 11],
        ['d', 6],
      ],
      [
        ['b', 7],
        ['e', 8],
      ],
    ]);
  });

  it('takes a partition count or a partitioner', () => {
    const two = sample().reduceByKey((a, b) => a + b, 2);
    assert.equal(two.numPartitions, 2);
    assert.ok(two.partitioner?.equals(new HashPartitioner(2)));
    for (const [i, part] of two.collectPartitions().entries()) {
      for (const [k] of part) assert.equal(new HashPartitioner(2).getPartition(k), i);
    }
    const p = new HashPartitioner(5);
    const five = sample().reduceByKey((a, b) => a + b, p);
    assert.equal(five.partitioner, p);
    assert.equal(five.numPartitions, 5);
    assert.equal(five.count(), 5);
  });

  it('uses the default parallelism when it was set', () => {
    const ctx = new BatchContext({ defaultParallelism: 4 });
    const r = ctx.parallelize<Pair>([['a', 1]], 7).reduceByKey((a, b) => a + b);
    assert.equal(r.numPartitions, 4);
  });

  it('of an empty dataset is empty', () => {
    assert.deepEqual(
      sc
        .parallelize<Pair>([], 2)
        .reduceByKey((a, b) => a + b)
        .collect(),
      [],
    );
  });
});

describe('groupByKey', () => {
  it('gathers each key’s values in arrival order (map partition, then position)', () => {
    const g = sample().groupByKey();
    assert.deepEqual(sorted(g.collect()), [
      ['a', [1, 3, 7]],
      ['b', [2, 5]],
      ['c', [4]],
      ['d', [6]],
      ['e', [8]],
    ]);
    assert.ok(g.partitioner?.equals(new HashPartitioner(3)));
    assert.equal(sample().groupByKey(2).numPartitions, 2);
    const p = new HashPartitioner(4);
    assert.equal(sample().groupByKey(p).partitioner, p);
  });

  it('gives the same groups when read twice', () => {
    const g = sample().groupByKey();
    assert.deepEqual(sorted(g.collect()), sorted(g.collect()));
  });
});

describe('combineByKey, aggregateByKey, foldByKey', () => {
  it('combineByKey builds per-key combiners', () => {
    const avg = sample()
      .combineByKey<string, number, [number, number]>(
        (v) => [v, 1],
        ([s, n], v) => [s + v, n + 1],
        ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2],
      )
      .mapValues(([s, n]) => s / n);
    assert.deepEqual(sorted(avg.collect()), [
      ['a', 11 / 3],
      ['b', 3.5],
      ['c', 4],
      ['d', 6],
      ['e', 8],
    ]);
  });

  it('combineByKey on data already partitioned by the same partitioner does not shuffle', () => {
    const p = new CountingPartitioner(3);
    const placed = sample().partitionBy(p);
    const before = placed.collectPartitions();
    const placements = p.calls;
    const combined = placed.combineByKey(
      (v) => [v],
      (c: number[], v) => [...c, v],
      () => {
        throw new Error('mergeCombiners runs only after a shuffle');
      },
      p,
    );
    assert.equal(combined.partitioner, p);
    const after = combined.collectPartitions();
    assert.equal(p.calls, placements, 'no key was placed again');
    assert.deepEqual(
      after.map((part) => part.map(([k]) => k).sort()),
      before.map((part) => [...new Set(part.map(([k]) => k))].sort()),
    );
    assert.deepEqual(sorted(after.flat()), [
      ['a', [1, 3, 7]],
      ['b', [2, 5]],
      ['c', [4]],
      ['d', [6]],
      ['e', [8]],
    ]);
  });

  it('reduceByKey reuses the partitioner of data partitioned by key', () => {
    const placed = sample().partitionBy(new HashPartitioner(3));
    const r = placed.reduceByKey((a, b) => a + b);
    assert.equal(r.partitioner, placed.partitioner);
    assert.deepEqual(
      r.collectPartitions().map((part) => part.map(([k]) => k).sort()),
      placed.collectPartitions().map((part) => [...new Set(part.map(([k]) => k))].sort()),
    );
  });

  it('foldByKey applies the zero once per key per map partition', () => {
    // Spark 4.0: foldByKey(100)(+) gives a = 311 for a1, a3, a7 in three partitions.
    assert.deepEqual(
      sorted(
        sample()
          .foldByKey(100, (a, b) => a + b)
          .collect(),
      ),
      [
        ['a', 311],
        ['b', 207],
        ['c', 104],
        ['d', 106],
        ['e', 108],
      ],
    );
    assert.equal(sample().foldByKey(0, (a, b) => a + b, 2).numPartitions, 2);
  });

  it('aggregateByKey gives every key its own copy of a mutable zero', () => {
    const zero: number[] = [];
    const r = sample().aggregateByKey(
      zero,
      (acc, v) => {
        acc.push(v);
        return acc;
      },
      (a, b) => {
        a.push(...b);
        return a;
      },
    );
    assert.deepEqual(sorted(r.collect()), [
      ['a', [1, 3, 7]],
      ['b', [2, 5]],
      ['c', [4]],
      ['d', [6]],
      ['e', [8]],
    ]);
    assert.deepEqual(zero, []);
    const p = new HashPartitioner(2);
    assert.equal(
      sample().aggregateByKey(
        0,
        (a, v) => a + v,
        (a, b) => a + b,
        p,
      ).partitioner,
      p,
    );
  });

  it('aggregateByKey applies the zero once per key per map partition', () => {
    const r = sample().aggregateByKey(
      100,
      (acc, v) => acc + v,
      (a, b) => a + b,
    );
    assert.deepEqual(sorted(r.collect()), [
      ['a', 311],
      ['b', 207],
      ['c', 104],
      ['d', 106],
      ['e', 108],
    ]);
  });
});

describe('partitionBy', () => {
  it('puts every key in its partitioner’s partition, null keys in 0', () => {
    const p = new HashPartitioner(3);
    const rdd = sc
      .parallelize<[string | null, number]>(
        [
          ['a', 1],
          [null, 2],
          ['b', 3],
          ['c', 4],
          ['a', 5],
        ],
        2,
      )
      .partitionBy(p);
    assert.equal(rdd.partitioner, p);
    assert.equal(rdd.numPartitions, 3);
    const parts = rdd.collectPartitions();
    for (const [i, part] of parts.entries()) for (const [k] of part) assert.equal(p.getPartition(k), i);
    assert.ok(parts[0].some(([k]) => k === null));
    assert.equal(rdd.count(), 5);
  });

  it('is a no-op (the same dataset) for an equal partitioner', () => {
    const rdd = sample().partitionBy(new HashPartitioner(3));
    assert.equal(rdd.partitionBy(new HashPartitioner(3)), rdd);
    assert.notEqual(rdd.partitionBy(new HashPartitioner(2)), rdd);
    assert.equal(rdd.partitionBy(new HashPartitioner(2)).count(), 8);
  });
});

describe('distinct', () => {
  it('keeps each distinct record once', () => {
    // Spark 4.0: distinct of 3,1,3,2,1,5,4,4 (3 slices) → [[3],[4,1],[5,2]]
    const d = sc.parallelize([3, 1, 3, 2, 1, 5, 4, 4], 3).distinct();
    assert.equal(d.numPartitions, 3);
    assert.deepEqual(sortedPartitions(d.collectPartitions()), [[3], [1, 4], [2, 5]]);
    assert.equal(d.partitioner, undefined);
    assert.equal(sc.parallelize([3, 1, 3, 2], 3).distinct(2).numPartitions, 2);
  });

  it('compares records structurally', () => {
    const d = sc
      .parallelize(
        [
          [1, 2],
          [2, 1],
          [1, 2],
        ],
        2,
      )
      .distinct();
    assert.deepEqual(sorted(d.collect()), [
      [1, 2],
      [2, 1],
    ]);
  });

  it('on a partitioned dataset with the same count, dedupes each partition in place', () => {
    const placed = sample()
      .map(([k]): [string, number] => [k, 0])
      .partitionBy(new HashPartitioner(3));
    const d = placed.distinct();
    assert.equal(d.partitioner, placed.partitioner);
    assert.deepEqual(
      sortedPartitions(d.collectPartitions()),
      placed.collectPartitions().map((part) => sorted([...new Map(part.map((r) => [r[0], r])).values()])),
    );
    assert.equal(placed.distinct(2).partitioner, undefined);
  });
});
