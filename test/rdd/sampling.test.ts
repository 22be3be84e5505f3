import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, InvalidArgumentError, type Rdd } from '../../src/index.ts';
import { sample as pairs } from './fixtures.ts';

// Expected values come from Spark 4.0.0 (local mode) running the same calls with the same seeds.
const sc = new BatchContext();
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const twenty = (): Rdd<number> => sc.parallelize(range(20), 3);

describe('sample', () => {
  it('without replacement keeps what Spark keeps (gap sampling up to 0.4, one draw per record above)', () => {
    assert.deepEqual(twenty().sample(false, 0.3, 1).collectPartitions(), [
      [0, 2, 5],
      [7, 12],
      [16, 17, 19],
    ]);
    assert.deepEqual(twenty().sample(false, 0.3, 42).collectPartitions(), [[3], [7], [19]]);
    assert.deepEqual(twenty().sample(false, 0.3, -7).collectPartitions(), [[0, 4], [11], [16]]);
    assert.deepEqual(twenty().sample(false, 0.6, 1).collectPartitions(), [
      [2, 3],
      [7, 8, 9, 11, 12],
      [13, 16, 17, 18, 19],
    ]);
    assert.deepEqual(twenty().sample(false, 0.6, -7).collectPartitions(), [
      [1, 2, 3],
      [6, 8, 10, 11],
      [13, 14, 16, 19],
    ]);
    assert.deepEqual(
      sc.parallelize(range(1000), 4).sample(false, 0.1, 5).collect().slice(0, 20),
      [2, 3, 11, 13, 48, 59, 70, 74, 86, 87, 90, 93, 110, 113, 114, 126, 130, 141, 179, 184],
    );
    assert.equal(sc.parallelize(range(1000), 4).sample(false, 0.1, 5).count(), 92);
  });

  it('with replacement repeats records as Spark does (gap sampling up to 0.4, Poisson draws above)', () => {
    assert.deepEqual(twenty().sample(true, 0.3, 1).collectPartitions(), [[0], [7, 11], [16]]);
    assert.deepEqual(twenty().sample(true, 0.3, 42).collectPartitions(), [[4, 5, 5], [8, 10, 11], []]);
    assert.deepEqual(twenty().sample(true, 0.9, 1).collectPartitions(), [
      [0, 0, 1, 2, 3, 3, 5],
      [7, 8, 10, 10, 10, 12],
      [13, 13, 14, 14, 15, 16, 16, 17, 17],
    ]);
    assert.deepEqual(twenty().sample(true, 0.9, 42).collectPartitions(), [
      [5],
      [8, 8, 9, 11, 11, 12],
      [13, 13, 16, 17, 17, 18, 19, 19],
    ]);
    assert.deepEqual(twenty().sample(true, 2.5, -7).collectPartitions(), [
      [1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5],
      [6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 9, 10, 10, 11, 11, 11],
      [13, 13, 13, 15, 15, 16, 16, 17, 17, 18, 18, 18, 18, 19, 19, 19],
    ]);
    assert.deepEqual(
      sc.parallelize(range(1000), 4).sample(true, 0.1, 5).collect().slice(0, 12),
      [3, 5, 17, 18, 36, 36, 40, 45, 74, 95, 97, 113],
    );
  });

  it('is the same sample on every computation and for a bigint seed, keeps the partitioner', () => {
    const s = twenty().sample(true, 2.5, 99n);
    assert.deepEqual(s.collect(), s.collect());
    assert.deepEqual(twenty().sample(false, 0.6, 1n).collect(), twenty().sample(false, 0.6, 1).collect());
    const byKey = pairs().partitionBy(new HashPartitioner(2));
    assert.equal(byKey.sample(false, 0.5, 3).partitioner, byKey.partitioner);
  });

  it('with a fraction of 40 or more still averages the fraction (a documented deviation in the draws)', () => {
    const n = twenty().sample(true, 45, 1).count();
    assert.ok(n > 20 * 45 * 0.8 && n < 20 * 45 * 1.2, `got ${n}`);
  });

  it('keeps nothing at 0 and everything at 1', () => {
    assert.deepEqual(twenty().sample(false, 0, 1).collect(), []);
    assert.deepEqual(twenty().sample(true, 0, 1).collect(), []);
    assert.deepEqual(twenty().sample(false, 1, 1).collect(), range(20));
  });

  it('rejects a bad fraction or seed', () => {
    assert.throws(() => twenty().sample(false, -0.1, 1), InvalidArgumentError);
    assert.throws(() => twenty().sample(false, 1.5, 1), /\[0, 1\] without replacement, got 1.5/);
    assert.throws(() => twenty().sample(true, Number.NaN, 1), InvalidArgumentError);
    assert.throws(() => twenty().sample(true, 0.5, 1.5), /seed must be a whole number/);
  });
});

describe('takeSample', () => {
  it('returns what Spark returns for the same seed', () => {
    assert.deepEqual(twenty().takeSample(false, 5, 1), [7, 5, 18, 12, 10]);
    assert.deepEqual(twenty().takeSample(false, 5, 42), [13, 11, 4, 7, 17]);
    assert.deepEqual(twenty().takeSample(true, 5, 1), [1, 18, 2, 1, 9]);
    assert.deepEqual(twenty().takeSample(true, 5, -7), [1, 6, 7, 19, 11]);
    assert.deepEqual(
      twenty().takeSample(true, 30, 1),
      [8, 4, 0, 13, 10, 3, 8, 7, 17, 3, 0, 19, 11, 2, 18, 7, 14, 16, 18, 17, 7, 17, 13, 6, 8, 12, 14, 1, 1, 14],
    );
    assert.deepEqual(
      sc.parallelize(range(1000), 4).takeSample(false, 20, 9),
      [694, 575, 697, 613, 895, 522, 246, 546, 156, 259, 345, 122, 464, 591, 6, 45, 667, 566, 120, 984],
    );
    assert.deepEqual(
      sc.parallelize(range(1000), 4).takeSample(true, 20, 9),
      [569, 640, 529, 810, 338, 839, 323, 874, 269, 52, 253, 265, 109, 210, 61, 727, 35, 578, 163, 751],
    );
  });

  it('without replacement and num >= count, shuffles the whole dataset', () => {
    assert.deepEqual(
      twenty().takeSample(false, 25, 1),
      [2, 17, 6, 15, 11, 13, 19, 8, 7, 12, 14, 10, 9, 0, 4, 3, 16, 1, 18, 5],
    );
  });

  it('is empty for 0 or an empty dataset, and rejects a negative num', () => {
    assert.deepEqual(twenty().takeSample(false, 0, 1), []);
    assert.deepEqual(sc.parallelize<number>([], 2).takeSample(true, 3, 1), []);
    assert.throws(() => twenty().takeSample(false, -1, 1), /num must be a whole number >= 0, got -1/);
    assert.equal(twenty().takeSample(true, 7).length, 7);
  });
});

describe('randomSplit', () => {
  it('splits as Spark does, every record in exactly one part', () => {
    const parts = twenty().randomSplit([0.3, 0.7], 1);
    assert.deepEqual(
      parts.map((p) => p.collectPartitions()),
      [
        [[2, 3], [7], [13, 17, 18]],
        [
          [0, 1, 4, 5],
          [6, 8, 9, 10, 11, 12],
          [14, 15, 16, 19],
        ],
      ],
    );
    assert.deepEqual(
      twenty()
        .randomSplit([3, 7], -7)
        .map((p) => p.collect()),
      [
        [0, 1, 2, 3, 5, 6, 9, 12, 14, 17, 19],
        [4, 7, 8, 10, 11, 13, 15, 16, 18],
      ],
    );
  });

  it('rejects negative weights or a zero sum', () => {
    assert.throws(() => twenty().randomSplit([0.5, -1], 1), /nonnegative/);
    assert.throws(() => twenty().randomSplit([0, 0], 1), /sum to more than 0/);
  });
});

describe('sampleByKey', () => {
  const fractions = new Map([
    ['a', 0.5],
    ['b', 0.5],
    ['c', 1],
    ['d', 0.2],
    ['e', 3],
  ]);
  const thirty = (): Rdd<[string, number]> =>
    sc.parallelize(
      range(30).map((i): [string, number] => [i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'e', i]),
      2,
    );
  const show = (parts: [string, number][][]): string[][] => parts.map((p) => p.map(([k, v]) => `${k}${v}`));

  it('without replacement keeps what Spark keeps', () => {
    assert.deepEqual(show(thirty().sampleByKey(false, fractions, 11).collectPartitions()), [
      ['a0', 'b1', 'e2', 'a3', 'b4', 'e5', 'b7', 'e8', 'b10', 'e11', 'e14'],
      ['a15', 'e17', 'a18', 'b19', 'e20', 'a21', 'e23', 'a24', 'b25', 'e26', 'b28', 'e29'],
    ]);
  });

  it('with replacement repeats what Spark repeats', () => {
    assert.deepEqual(show(thirty().sampleByKey(true, fractions, 11).collectPartitions()), [
      [
        'a0',
        'b1',
        ...Array(5).fill('e2'),
        ...Array(8).fill('e5'),
        'a6',
        'a6',
        'a6',
        'b7',
        'e8',
        'a9',
        'e11',
        'a12',
      ].concat(Array(4).fill('e14')),
      [
        'b16',
        'b16',
        ...Array(5).fill('e17'),
        'b19',
        'e20',
        'e20',
        ...Array(5).fill('e23'),
        'a24',
        'e26',
        'e26',
        'e26',
        'b28',
      ],
    ]);
    assert.deepEqual(show(pairs().sampleByKey(true, fractions, 11).collectPartitions()), [
      ['a1', 'b2'],
      ['b5', 'b5'],
      ['e8', 'e8', 'e8', 'e8'],
    ]);
  });

  it('rejects a negative fraction, 0 with replacement, and fails on a key without a fraction', () => {
    assert.throws(() => pairs().sampleByKey(false, new Map([['a', -1]]), 1), /fraction of key a must be >= 0/);
    assert.throws(() => pairs().sampleByKey(true, new Map([['a', 0]]), 1), /> 0 with replacement/);
    assert.throws(
      () =>
        pairs()
          .sampleByKey(false, new Map([['a', 0.5]]), 1)
          .collect(),
      /no fraction given for key b/,
    );
  });
});

describe('sampleByKeyExact', () => {
  const withFractions = (e: number) =>
    new Map([
      ['a', 0.5],
      ['b', 0.3],
      ['c', 1],
      ['d', 0.2],
      ['e', e],
    ]);
  const keyed = (n: number, parts: number): Rdd<[string, number]> =>
    sc.parallelize(
      range(n).map((i): [string, number] => [i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'e', i]),
      parts,
    );
  const show = (parts: [string, number][][]): string[] => parts.map((p) => p.map(([k, v]) => `${k}${v}`).join(' '));

  it('without replacement keeps what Spark keeps, exactly ceil(count * fraction) per key', () => {
    assert.deepEqual(show(keyed(30, 1).sampleByKeyExact(false, withFractions(0.8), 11).collectPartitions()), [
      'a0 b1 e2 a3 e5 e8 e11 a15 a18 b19 e20 e23 a24 b25 e26 e29',
    ]);
    assert.deepEqual(show(keyed(30, 2).sampleByKeyExact(false, withFractions(0.8), 3).collectPartitions()), [
      'a0 e2 a3 e5 e8 e14',
      'b16 e17 a18 b19 e20 a21 e23 a24 b25 e26',
    ]);
    const big = keyed(600, 3).sampleByKeyExact(false, withFractions(0.8), 11);
    assert.deepEqual([...big.countByKey()].sort(), [
      ['a', 100],
      ['b', 60],
      ['e', 160],
    ]);
    assert.deepEqual(
      big.take(12).map(([k, v]) => `${k}${v}`),
      ['a0', 'b1', 'e2', 'a3', 'b4', 'b7', 'e8', 'b10', 'e11', 'a15', 'a18', 'b19'],
    );
  });

  it('with replacement repeats what Spark repeats', () => {
    assert.deepEqual(show(keyed(30, 1).sampleByKeyExact(true, withFractions(2), 11).collectPartitions()), [
      'a0 b1 e2 e2 e2 a3 a3 b4 e5 e11 e11 e11 e14 e14 e14 e14 e14 a15 a18 e20 e20 e20 b22 e23 e23 e23 e29 e29',
    ]);
    assert.deepEqual(show(keyed(30, 2).sampleByKeyExact(true, withFractions(2), 3).collectPartitions()), [
      'b1 e2 e5 e5 e5 b7 e8 e11 a12 e14 e14',
      'e17 e17 a18 e20 e20 e20 e20 e20 a21 a21 e23 a24 b28 e29 e29 e29 e29',
    ]);
    const big = keyed(600, 3).sampleByKeyExact(true, withFractions(2), 3);
    assert.deepEqual([...big.countByKey()].sort(), [
      ['a', 100],
      ['b', 60],
      ['e', 400],
    ]);
    assert.deepEqual(
      big.take(12).map(([k, v]) => `${k}${v}`),
      ['a0', 'a0', 'e2', 'e2', 'e2', 'e2', 'b4', 'e11', 'e11', 'e11', 'e11', 'a12'],
    );
  });

  it('checks fractions as sampleByKey does', () => {
    assert.throws(() => keyed(6, 1).sampleByKeyExact(false, new Map([['a', -1]]), 1), /fraction of key a must be >= 0/);
    assert.throws(() => keyed(6, 1).sampleByKeyExact(false, new Map([['a', 0.5]]), 1), /no fraction given for key b/);
  });
});
