import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, EmptyDatasetError, InvalidArgumentError, StatCounter } from '../../src/index.ts';
import { sample as pairs } from './fixtures.ts';

// Expected values come from Spark 4.0.0 running the same calls on the same input.
const sc = new BatchContext();
const numbers = () => sc.parallelize([1, 2, 3, 4, 5.5, -1.25, 10], 3);

describe('numeric actions', () => {
  it('sum, mean, variance, stdev, sampleVariance, sampleStdev, max and min match Spark', () => {
    const d = numbers();
    assert.equal(d.sum(), 24.25);
    assert.equal(d.mean(), 3.4642857142857144);
    assert.equal(d.variance(), 11.114795918367347);
    assert.equal(d.popVariance(), 11.114795918367347);
    assert.equal(d.stdev(), 3.3338860086042756);
    assert.equal(d.popStdev(), 3.3338860086042756);
    assert.equal(d.sampleVariance(), 12.967261904761905);
    assert.equal(d.sampleStdev(), 3.601008456635711);
    assert.equal(d.max(), 10);
    assert.equal(d.min(), -1.25);
  });

  it('stats gives a StatCounter that prints as Spark prints it', () => {
    const s = numbers().stats();
    assert.equal(s.count, 7);
    assert.equal(s.toString(), '(count: 7, mean: 3.464286, stdev: 3.333886, max: 10.000000, min: -1.250000)');
    assert.equal(
      sc.parallelize<number>([], 2).stats().toString(),
      '(count: 0, mean: 0.000000, stdev: NaN, max: -Infinity, min: Infinity)',
    );
    assert.equal(sc.parallelize<number>([], 2).sum(), 0);
    assert.throws(() => sc.emptyRDD<number>().stats(), EmptyDatasetError);
  });

  it('StatCounter merges numbers, iterables and counters (itself included) to the same result', () => {
    const whole = new StatCounter([1, 2, 3, 4, 5.5, -1.25, 10]);
    const merged = new StatCounter([1, 2])
      .merge(3)
      .merge([4, 5.5])
      .merge(new StatCounter([-1.25, 10]));
    assert.equal(merged.count, whole.count);
    assert.ok(Math.abs(merged.mean - whole.mean) < 1e-12);
    assert.ok(Math.abs(merged.sampleVariance - whole.sampleVariance) < 1e-12);
    const twice = new StatCounter([1, 3]);
    twice.merge(twice);
    assert.deepEqual([twice.count, twice.mean, twice.sum, twice.variance], [4, 2, 8, 1]);
    assert.ok(Number.isNaN(new StatCounter([7]).sampleStdev));
    const copy = whole.copy().merge(100);
    assert.equal(whole.count, 7);
    assert.equal(copy.max, 100);
  });

  it('max and min take an ordering and work on any records, first of equals winning', () => {
    const words = sc.parallelize(['pear', 'fig', 'apple', 'kiwi'], 2);
    assert.equal(words.max(), 'pear');
    assert.equal(words.min(), 'apple');
    assert.equal(
      words.max((a, b) => a.length - b.length),
      'apple',
    );
    assert.equal(
      words.min((a, b) => a.length - b.length),
      'fig',
    );
    assert.equal(
      sc.parallelize(['kiwi', 'pear'], 2).max((a, b) => a.length - b.length),
      'kiwi',
    );
    assert.throws(() => sc.parallelize<number>([], 2).max(), EmptyDatasetError);
  });
});

describe('histogram', () => {
  it('with a bucket count: even buckets from min to max', () => {
    assert.deepEqual(numbers().histogram(4), [
      [-1.25, 1.5625, 4.375, 7.1875, 10],
      [2, 3, 1, 1],
    ]);
    assert.deepEqual(sc.parallelize([0, 0.1, 0.3, 0.7, 0.9, 1], 2).histogram(3), [
      [0, 0.3333333333333333, 0.6666666666666666, 1],
      [3, 0, 3],
    ]);
    assert.deepEqual(sc.parallelize([1, 1, 1], 2).histogram(3), [[1, 1], [3]]);
  });

  it('with boundaries: the last bucket is closed, numbers outside are not counted', () => {
    assert.deepEqual(numbers().histogram([0, 2, 5, 10]), [1, 3, 2]);
    assert.deepEqual(numbers().histogram([0, 5, 10], true), [4, 2]);
    assert.deepEqual(sc.parallelize([Number.NaN, 1, 11], 1).histogram([0, 5, 10]), [1, 0]);
    assert.deepEqual(sc.emptyRDD<number>().histogram([0, 5, 10]), [0, 0]);
  });

  it('rejects bad bucket specifications, empty data, NaN and infinities', () => {
    assert.throws(() => numbers().histogram([1]), /at least two boundaries, got 1/);
    assert.throws(() => numbers().histogram(0), InvalidArgumentError);
    assert.throws(() => sc.parallelize<number>([], 2).histogram(2), EmptyDatasetError);
    assert.throws(() => sc.parallelize([1, Number.POSITIVE_INFINITY], 2).histogram(2), /NaN or an infinity/);
    assert.throws(() => sc.parallelize([1, Number.NaN], 2).histogram(2), /NaN or an infinity/);
  });
});

describe('more pair operations', () => {
  it('reduceByKeyLocally returns a Map in java.util.HashMap order', () => {
    assert.deepEqual(
      [...pairs().reduceByKeyLocally((a, b) => a + b)],
      [
        ['a', 11],
        ['b', 7],
        ['c', 4],
        ['d', 6],
        ['e', 8],
      ],
    );
    const keyed = sc.parallelize(
      Array.from({ length: 40 }, (_, i): [number, number] => [(i * 16) % 200, i]),
      3,
    );
    const local = keyed.reduceByKeyLocally((a, b) => a + b);
    assert.deepEqual(
      [...local.keys()],
      [0, 64, 128, 192, 8, 72, 136, 16, 80, 144, 24, 88, 152, 32, 96, 160, 40, 104, 168, 48, 112, 176, 56, 120, 184],
    );
    assert.equal(local.get(0), 25);
    assert.equal(local.get(184), 24);
  });

  it('groupWith is cogroup with the default partitioner', () => {
    const g = pairs().groupWith(
      sc.parallelize<[string, number]>(
        [
          ['a', 9],
          ['z', 8],
        ],
        2,
      ),
    );
    assert.deepEqual(g.collectPartitions(), [
      [['c', [[4], []]]],
      [
        ['d', [[6], []]],
        ['a', [[1, 3, 7], [9]]],
      ],
      [
        ['z', [[], [8]]],
        ['e', [[8], []]],
        ['b', [[2, 5], []]],
      ],
    ]);
  });

  it('groupBy groups records by a function of them', () => {
    const g = sc.parallelize([1, 2, 3, 4, 5, 6], 2).groupBy((x) => x % 3, 2);
    assert.deepEqual(
      g.collect().sort((a, b) => a[0] - b[0]),
      [
        [0, [3, 6]],
        [1, [1, 4]],
        [2, [2, 5]],
      ],
    );
  });

  it('repartitionAndSortWithinPartitions shuffles then sorts each partition by key', () => {
    const r = pairs().repartitionAndSortWithinPartitions(
      new (class {
        readonly numPartitions = 2;
        getPartition(k: unknown): number {
          return k === 'a' || k === 'c' || k === 'e' ? 0 : 1;
        }
        equals(o: unknown): boolean {
          return o === this;
        }
      })(),
    );
    assert.deepEqual(r.collectPartitions(), [
      [
        ['a', 1],
        ['a', 3],
        ['a', 7],
        ['c', 4],
        ['e', 8],
      ],
      [
        ['b', 2],
        ['b', 5],
        ['d', 6],
      ],
    ]);
  });
});
