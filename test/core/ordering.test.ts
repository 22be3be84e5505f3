import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext } from '../../src/index.ts';

const sc = new BatchContext({ defaultParallelism: 2 });

describe('default key ordering (sortByKey)', () => {
  it('puts NaN after every number, as Java Double.compare does', () => {
    const sorted = sc
      .parallelize<[number, number]>(
        [
          [Number.NaN, 0],
          [2, 1],
          [0, 2],
          [Number.NaN, 3],
          [1, 4],
        ],
        2,
      )
      .sortByKey()
      .keys()
      .collect();
    assert.deepEqual(sorted, [0, 1, 2, Number.NaN, Number.NaN]);
  });

  it('orders equal object keys together whatever their property order', () => {
    const sorted = sc
      .parallelize<[object, string]>(
        [
          [{ a: 2, b: 1 }, 'x'],
          [{ a: 1 }, 'y'],
          [{ b: 1, a: 2 }, 'z'],
        ],
        1,
      )
      .sortByKey()
      .values()
      .collect();
    assert.deepEqual(sorted.slice(1).sort(), ['x', 'z']);
  });

  it('orders by kind, then within a kind: strings by code unit, arrays lexicographically', () => {
    const keys = sc
      .parallelize<[unknown, null]>(
        [
          ['b', null],
          [[1, 2], null],
          [true, null],
          ['B', null],
          [[1], null],
          [3, null],
        ],
        2,
      )
      .sortByKey()
      .keys()
      .collect();
    assert.deepEqual(keys, [true, 3, 'B', 'b', [1], [1, 2]]);
  });
});

describe('actions returning Maps with structural keys', () => {
  it('collectAsMap keeps one entry per key compared by value, the last value winning', () => {
    const m = sc
      .parallelize<[number[], string]>(
        [
          [[1], 'a'],
          [[1], 'b'],
          [[2], 'c'],
        ],
        2,
      )
      .collectAsMap();
    assert.equal(m.size, 2);
    assert.deepEqual([...m.values()].sort(), ['b', 'c']);
  });

  it('countByValue counts equal arrays together', () => {
    const m = sc.parallelize([[1, 2], [1, 2], [3]], 2).countByValue();
    assert.deepEqual([...m.values()].sort(), [1, 2]);
  });
});
