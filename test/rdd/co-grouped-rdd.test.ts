import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Rdd } from '../../src/index.ts';
import { sorted } from './compare.ts';

const sc = new BatchContext();
const left = (): Rdd<[string, number]> =>
  sc.parallelize<[string, number]>(
    [
      ['a', 1],
      ['b', 2],
      ['a', 3],
      ['c', 4],
    ],
    2,
  );
const right = (): Rdd<[string, string]> =>
  sc.parallelize<[string, string]>(
    [
      ['a', 'X'],
      ['b', 'Y'],
      ['d', 'W'],
      ['a', 'Z'],
    ],
    3,
  );

/** Groups sorted inside, then sorted by key: the content of a cogroup regardless of arrival order. */
function normalized<K>(records: [K, unknown[][]][]): [K, unknown[][]][] {
  return sorted(records.map(([k, groups]): [K, unknown[][]] => [k, groups.map((g) => sorted(g))]));
}

describe('cogroup', () => {
  it('with one other: every key of either side, empty arrays for a missing side', () => {
    const c = left().cogroup(right());
    assert.deepEqual(normalized(c.collect()), [
      [
        'a',
        [
          [1, 3],
          ['X', 'Z'],
        ],
      ],
      ['b', [[2], ['Y']]],
      ['c', [[4], []]],
      ['d', [[], ['W']]],
    ]);
    assert.equal(c.numPartitions, 3);
    assert.ok(c.partitioner?.equals(new HashPartitioner(3)));
  });

  it('with two and three others', () => {
    const third = sc.parallelize<[string, boolean]>(
      [
        ['c', true],
        ['e', false],
      ],
      1,
    );
    const fourth = sc.parallelize<[string, null]>([['a', null]], 4);
    assert.deepEqual(normalized(left().cogroup(right(), third).collect()), [
      ['a', [[1, 3], ['X', 'Z'], []]],
      ['b', [[2], ['Y'], []]],
      ['c', [[4], [], [true]]],
      ['d', [[], ['W'], []]],
      ['e', [[], [], [false]]],
    ]);
    const four = left().cogroup(right(), third, fourth);
    assert.equal(four.numPartitions, 4);
    assert.deepEqual(normalized(four.collect()), [
      ['a', [[1, 3], ['X', 'Z'], [], [null]]],
      ['b', [[2], ['Y'], [], []]],
      ['c', [[4], [], [true], []]],
      ['d', [[], ['W'], [], []]],
      ['e', [[], [], [false], []]],
    ]);
  });

  it('takes a partition count or a partitioner', () => {
    assert.equal(left().cogroup(right(), 5).numPartitions, 5);
    const p = new HashPartitioner(4);
    const c = left().cogroup(right(), sc.parallelize<[string, number]>([], 1), p);
    assert.equal(c.partitioner, p);
    for (const [i, part] of c.collectPartitions().entries()) for (const [k] of part) assert.equal(p.getPartition(k), i);
  });

  it('reads an input already partitioned the same way in place', () => {
    const p = new HashPartitioner(2);
    const placed = left().partitionBy(p);
    const c = placed.cogroup(right(), p);
    assert.equal(c.partitioner, p);
    assert.deepEqual(
      c.collectPartitions().map((part) => part.map(([k]) => k).sort()),
      [0, 1].map((i) => ['a', 'b', 'c', 'd'].filter((k) => p.getPartition(k) === i)),
    );
  });
});

describe('joins', () => {
  it('join pairs every value of a key on both sides', () => {
    const j = left().join(right());
    assert.deepEqual(sorted(j.collect()), [
      ['a', [1, 'X']],
      ['a', [1, 'Z']],
      ['a', [3, 'X']],
      ['a', [3, 'Z']],
      ['b', [2, 'Y']],
    ]);
    assert.ok(j.partitioner?.equals(new HashPartitioner(3)));
  });

  it('leftOuterJoin keeps keys of the left, undefined for a missing right', () => {
    assert.deepEqual(sorted(left().leftOuterJoin(right()).collect()), [
      ['a', [1, 'X']],
      ['a', [1, 'Z']],
      ['a', [3, 'X']],
      ['a', [3, 'Z']],
      ['b', [2, 'Y']],
      ['c', [4, undefined]],
    ]);
  });

  it('rightOuterJoin keeps keys of the right, undefined for a missing left', () => {
    assert.deepEqual(sorted(left().rightOuterJoin(right()).collect()), [
      ['a', [1, 'X']],
      ['a', [1, 'Z']],
      ['a', [3, 'X']],
      ['a', [3, 'Z']],
      ['b', [2, 'Y']],
      ['d', [undefined, 'W']],
    ]);
  });

  it('fullOuterJoin keeps keys of either side', () => {
    assert.deepEqual(sorted(left().fullOuterJoin(right()).collect()), [
      ['a', [1, 'X']],
      ['a', [1, 'Z']],
      ['a', [3, 'X']],
      ['a', [3, 'Z']],
      ['b', [2, 'Y']],
      ['c', [4, undefined]],
      ['d', [undefined, 'W']],
    ]);
  });

  it('joins take a partition count or a partitioner and keep it', () => {
    const p = new HashPartitioner(2);
    assert.equal(left().join(right(), p).partitioner, p);
    assert.equal(left().leftOuterJoin(right(), p).partitioner, p);
    assert.equal(left().rightOuterJoin(right(), p).partitioner, p);
    assert.equal(left().fullOuterJoin(right(), p).partitioner, p);
    assert.equal(left().join(right(), 7).numPartitions, 7);
  });

  it('a join with an empty side', () => {
    const none = sc.emptyRDD<[string, string]>();
    assert.deepEqual(left().join(none).collect(), []);
    assert.deepEqual(sorted(left().leftOuterJoin(none).values().collect()), [
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
  });
});

describe('subtractByKey', () => {
  it('keeps the records whose key the other side lacks', () => {
    const s = left().subtractByKey(
      sc.parallelize<[string, boolean]>(
        [
          ['a', true],
          ['d', true],
        ],
        5,
      ),
    );
    assert.deepEqual(sorted(s.collect()), [
      ['b', 2],
      ['c', 4],
    ]);
  });

  it('partitions like this dataset, not by the default rule', () => {
    const other = sc.parallelize<[string, number]>([['a', 0]], 5);
    // No partitioner here: HashPartitioner(this dataset's count), though the other input has more.
    const s = left().subtractByKey(other);
    assert.equal(s.numPartitions, 2);
    assert.ok(s.partitioner?.equals(new HashPartitioner(2)));
    // With a partitioner: that partitioner.
    const sortedLeft = left().sortByKey(true, 2);
    assert.equal(sortedLeft.subtractByKey(other).partitioner, sortedLeft.partitioner);
    assert.equal(left().subtractByKey(other, 3).numPartitions, 3);
    const p = new HashPartitioner(4);
    assert.equal(left().subtractByKey(other, p).partitioner, p);
  });
});
