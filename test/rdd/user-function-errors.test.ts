import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, type Rdd, SluiceError, UserFunctionError } from '../../src/index.ts';

const sc = new BatchContext();
const boom = new Error('boom');
const failOn =
  (bad: number) =>
  (x: number): number => {
    if (x === bad) throw boom;
    return x;
  };

function assertUserError(run: () => unknown, operation: string, partition: number): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof UserFunctionError, `got ${String(e)}`);
    assert.equal(e.code, 'USER_FUNCTION_FAILED');
    assert.match(e.operation, new RegExp(`^${operation}\\b`));
    assert.equal(e.partition, partition);
    assert.match(e.message, new RegExp(`${operation}.*partition ${partition}.*boom`));
    assert.equal(e.cause, boom);
    return true;
  });
}

describe('a throwing user function', () => {
  const data = (): Rdd<number> => sc.parallelize([1, 2, 3, 4, 5, 6], 3);

  it('map names the operation and partition', () => {
    assertUserError(() => data().map(failOn(4)).collect(), 'map', 1);
  });

  it('filter, flatMap, mapPartitions name theirs', () => {
    assertUserError(
      () =>
        data()
          .filter((x) => failOn(5)(x) > 0)
          .count(),
      'filter',
      2,
    );
    assertUserError(
      () =>
        data()
          .flatMap((x) => [failOn(1)(x)])
          .collect(),
      'flatMap',
      0,
    );
    assertUserError(
      () =>
        data()
          .mapPartitionsWithIndex((i, items) => {
            if (i === 2) throw boom;
            return items;
          })
          .collect(),
      'mapPartitionsWithIndex',
      2,
    );
    assertUserError(
      () =>
        data()
          .mapPartitions((items) => items.map(failOn(3)))
          .collect(),
      'mapPartitions',
      1,
    );
  });

  it('mapValues names itself', () => {
    assertUserError(
      () =>
        data()
          .map((x): [number, number] => [x, x])
          .mapValues(failOn(6))
          .collect(),
      'mapValues',
      2,
    );
  });

  it('a failing function upstream of a shuffle is blamed on its own operation', () => {
    assertUserError(
      () =>
        data()
          .map((x): [number, number] => [failOn(2)(x), 1])
          .reduceByKey((a, b) => a + b)
          .collect(),
      'map',
      0,
    );
  });

  it('a failing merge function names reduceByKey', () => {
    const pairs = sc.parallelize<[string, number]>(
      [
        ['a', 1],
        ['a', 2],
      ],
      1,
    );
    assert.throws(
      () =>
        pairs
          .reduceByKey(() => {
            throw boom;
          })
          .collect(),
      (e: unknown) => e instanceof UserFunctionError && /reduceByKey/.test(e.message) && e.cause === boom,
    );
  });

  it('the operation carries the scope it was created in', () => {
    const rdd = sc.withScope('MappedDStream at 1000 ms', () => data().map(failOn(1)));
    assert.throws(
      () => rdd.collect(),
      (e: unknown) => e instanceof UserFunctionError && e.operation === 'map in MappedDStream at 1000 ms',
    );
  });
});

describe('a record that is not a pair reaching a keyed operation', () => {
  it('fails with an error that says a [key, value] pair was expected', () => {
    const notPairs = sc.parallelize([1, 2, 3], 2) as unknown as Rdd<[number, number]>;
    assert.throws(
      () => notPairs.reduceByKey((a, b) => a + b).collect(),
      (e: unknown) =>
        e instanceof SluiceError && /\[key, value\] pair/.test(e.message) && /reduceByKey/.test(e.message),
    );
  });

  it('says so too when the data is already partitioned and nothing is shuffled', () => {
    const placed = sc
      .parallelize<[string, number]>(
        [
          ['a', 1],
          ['b', 2],
        ],
        1,
      )
      .partitionBy(new HashPartitioner(2));
    const values = placed.mapPartitions((items) => items.map(([, v]) => v), true) as unknown as Rdd<[number, number]>;
    assert.throws(
      () => values.reduceByKey((a, b) => a + b).collect(),
      (e: unknown) =>
        e instanceof UserFunctionError &&
        /\[key, value\] pair, got [12]/.test(e.message) &&
        /reduceByKey/.test(e.message),
    );
  });
});
