import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, EmptyDatasetError, HashPartitioner, type Rdd } from '../../src/index.ts';

const sc = new BatchContext();

/** `data` in `slices` partitions, recording the index of every partition computed. */
function tracked<T>(data: T[], slices: number): { rdd: Rdd<T>; reads: number[] } {
  const reads: number[] = [];
  const rdd = sc.parallelize(data, slices).mapPartitionsWithIndex((i, items) => {
    reads.push(i);
    return items;
  });
  return { rdd, reads };
}

describe('count, collect, collectPartitions, foreach', () => {
  it('collect concatenates partitions in index order', () => {
    const rdd = sc.parallelize([5, 4, 3, 2, 1], 3);
    assert.deepEqual(rdd.collect(), [5, 4, 3, 2, 1]);
    assert.deepEqual(rdd.collectPartitions(), [[5], [4, 3], [2, 1]]);
    assert.equal(rdd.count(), 5);
  });

  it('foreach visits every record in partition order; foreachPartition every partition', () => {
    const seen: number[] = [];
    sc.parallelize([1, 2, 3], 2).foreach((x) => {
      seen.push(x);
    });
    assert.deepEqual(seen, [1, 2, 3]);
    const parts: number[][] = [];
    sc.parallelize([1, 2, 3], 4).foreachPartition((items) => {
      parts.push(items);
    });
    assert.deepEqual(parts, [[], [1], [2], [3]]);
  });
});

describe('reduce', () => {
  it('merges all records', () => {
    assert.equal(
      sc.parallelize([1, 2, 3, 4, 5], 3).reduce((a, b) => a + b),
      15,
    );
    assert.equal(
      sc.parallelize([7], 4).reduce((a, b) => a + b),
      7,
    );
  });

  it('reduces each partition first, then the partition results in order, as Spark does', () => {
    // Partitions [1, 2] and [3, 4]: (1 - 2) - (3 - 4) = 0, where one left fold would give -8.
    assert.equal(
      sc.parallelize([1, 2, 3, 4], 2).reduce((a, b) => a - b),
      0,
    );
    // Empty partitions contribute nothing: [], [1], [2, 3] → 1 - (2 - 3) = 2.
    const withEmpty = sc.parallelize<number>([], 1).union(sc.parallelize([1, 2, 3], 2));
    assert.deepEqual(withEmpty.collectPartitions(), [[], [1], [2, 3]]);
    assert.equal(
      withEmpty.reduce((a, b) => a - b),
      2,
    );
  });

  it('throws EmptyDatasetError on an empty dataset', () => {
    assert.throws(() => sc.emptyRDD<number>().reduce((a, b) => a + b), EmptyDatasetError);
    assert.throws(() => sc.parallelize<number>([], 3).reduce((a, b) => a + b), /empty collection/);
  });
});

describe('fold and aggregate', () => {
  it('apply the zero once per partition and once more at the merge', () => {
    // Spark 4.0: [1, 2, 3] in 4 partitions, fold(10)(+) = 56.
    assert.equal(
      sc.parallelize([1, 2, 3], 4).fold(10, (a, b) => a + b),
      56,
    );
    assert.equal(
      sc.parallelize([1, 2, 3], 4).aggregate(
        10,
        (acc, x) => acc + x,
        (a, b) => a + b,
      ),
      56,
    );
    assert.equal(
      sc.emptyRDD<number>().fold(10, (a, b) => a + b),
      10,
    );
  });

  it('give each partition and the merge its own copy of a mutable zero', () => {
    const zero = [0];
    const folded = sc.parallelize([[1], [2], [3]], 2).fold(zero, (a, b) => {
      a.push(...b);
      return a;
    });
    // Partitions [[1]] → [0, 1] and [[2], [3]] → [0, 2, 3]; the merge starts from a third [0].
    assert.deepEqual(folded, [0, 0, 1, 0, 2, 3]);
    assert.deepEqual(zero, [0]);

    const empty: number[] = [];
    const aggregated = sc.parallelize([1, 2, 3, 4], 2).aggregate(
      empty,
      (acc, x) => {
        acc.push(x);
        return acc;
      },
      (a, b) => {
        a.push(...b);
        return a;
      },
    );
    assert.deepEqual(aggregated, [1, 2, 3, 4]);
    assert.deepEqual(empty, []);
  });

  it('aggregate may change the type', () => {
    const [sum, n] = sc.parallelize([1, 2, 3, 6], 3).aggregate<[number, number]>(
      [0, 0],
      ([s, c], x) => [s + x, c + 1],
      ([s1, c1], [s2, c2]) => [s1 + s2, c1 + c2],
    );
    assert.deepEqual([sum, n], [12, 4]);
  });
});

describe('take, first, isEmpty', () => {
  it('take returns the first n records in partition order', () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 3);
    assert.deepEqual(rdd.take(3), [1, 2, 3]);
    assert.deepEqual(rdd.take(100), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(sc.parallelize([1, 2], 5).take(1), [1]);
  });

  it('take reads partitions in order and stops once it has enough', () => {
    const { rdd, reads } = tracked([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5);
    assert.deepEqual(rdd.take(3), [0, 1, 2]);
    assert.deepEqual(reads, [0, 1]);
  });

  it('take of 0 or less reads nothing', () => {
    const { rdd, reads } = tracked([1, 2, 3], 2);
    assert.deepEqual(rdd.take(0), []);
    assert.deepEqual(rdd.take(-1), []);
    assert.deepEqual(reads, []);
  });

  it('first is the first record; on an empty dataset it throws EmptyDatasetError', () => {
    assert.equal(sc.parallelize([9, 8], 2).first(), 9);
    assert.equal(sc.parallelize([9], 3).first(), 9);
    assert.throws(() => sc.parallelize([], 2).first(), EmptyDatasetError);
    assert.throws(() => sc.emptyRDD().first(), /empty collection/);
  });

  it('isEmpty', () => {
    assert.equal(sc.emptyRDD().isEmpty(), true);
    assert.equal(sc.parallelize([], 3).isEmpty(), true);
    assert.equal(sc.parallelize([0], 3).isEmpty(), false);
    const { rdd, reads } = tracked([1, 2, 3, 4], 4);
    assert.equal(rdd.isEmpty(), false);
    assert.deepEqual(reads, [0]);
  });
});

describe('countByValue, countByKey, lookup, collectAsMap', () => {
  it('countByValue counts each distinct record', () => {
    const counts = sc.parallelize(['a', 'b', 'a', 'c', 'a', 'b'], 3).countByValue();
    assert.deepEqual(
      [...counts].sort(([a], [b]) => a.localeCompare(b)),
      [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
    );
    assert.equal(sc.emptyRDD<string>().countByValue().size, 0);
  });

  it('countByKey counts the records of each key', () => {
    const counts = sc
      .parallelize<[string, number]>(
        [
          ['x', 1],
          ['y', 1],
          ['x', 5],
        ],
        2,
      )
      .countByKey();
    assert.equal(counts.size, 2);
    assert.equal(counts.get('x'), 2);
    assert.equal(counts.get('y'), 1);
  });

  it('lookup returns the values of one key in order', () => {
    const rdd = sc.parallelize<[string, number]>(
      [
        ['a', 1],
        ['b', 2],
        ['a', 3],
      ],
      2,
    );
    assert.deepEqual(rdd.lookup('a'), [1, 3]);
    assert.deepEqual(rdd.lookup('z'), []);
  });

  it('lookup on a partitioned dataset reads only the key’s partition', () => {
    const p = new HashPartitioner(4);
    const reads: number[] = [];
    const rdd = sc
      .parallelize<[string, number]>(
        [
          ['a', 1],
          ['b', 2],
          ['a', 3],
          ['c', 4],
        ],
        2,
      )
      .partitionBy(p)
      .mapPartitionsWithIndex((i, items) => {
        reads.push(i);
        return items;
      }, true);
    assert.deepEqual(rdd.lookup('a').sort(), [1, 3]);
    assert.deepEqual(reads, [p.getPartition('a')]);
  });

  it('collectAsMap keeps the last value of a repeated key', () => {
    const m = sc
      .parallelize<[string, number]>(
        [
          ['a', 1],
          ['b', 2],
          ['a', 3],
        ],
        2,
      )
      .collectAsMap();
    assert.deepEqual(
      [...m],
      [
        ['a', 3],
        ['b', 2],
      ],
    );
  });
});

describe('takeOrdered and top', () => {
  const sc = new BatchContext({ defaultParallelism: 3 });
  it('returns the n smallest / largest in order, across partitions', () => {
    const rdd = sc.parallelize([5, 1, 9, 3, 7, 2, 8], 3);
    assert.deepEqual(rdd.takeOrdered(3), [1, 2, 3]);
    assert.deepEqual(rdd.top(3), [9, 8, 7]);
    assert.deepEqual(rdd.takeOrdered(10), [1, 2, 3, 5, 7, 8, 9]);
    assert.deepEqual(
      sc
        .parallelize<[string, number]>([
          ['a', 3],
          ['b', 9],
          ['c', 1],
        ])
        .top(1, (x, y) => x[1] - y[1]),
      [['b', 9]],
    );
    assert.deepEqual(sc.emptyRDD<number>().top(2), []);
  });
});
