import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendOnlyMapOrder,
  fixedAppendOnlyMapOrder,
  inAppendOnlyMapOrder,
} from '../../src/core/append-only-map-order.ts';
import { hashKey } from '../../src/core/hash.ts';
import { MurmurHash3 } from '../../src/core/murmur3.ts';

const keysInOrder = (keys: unknown[]): unknown[] =>
  inAppendOnlyMapOrder(keys.map((k): [unknown] => [k])).map((e) => e[0]);

describe("Spark's AppendOnlyMap iteration order", () => {
  it('follows the slots, as verified on Spark 4', () => {
    assert.deepEqual(keysInOrder(['a', 'd']), ['d', 'a']);
    assert.deepEqual(keysInOrder(['b', 'e']), ['e', 'b']);
    assert.deepEqual(keysInOrder(['a', 'c', 'e']), ['e', 'a', 'c']);
    assert.deepEqual(keysInOrder([1, 4]), [4, 1]);
    assert.deepEqual(keysInOrder([2, 5]), [5, 2]);
  });

  it('puts the null key first', () => {
    assert.deepEqual(keysInOrder(['a', null, 'd']), [null, 'd', 'a']);
    assert.deepEqual(keysInOrder([undefined, 'a']), [undefined, 'a']);
  });

  it('probes on from an occupied slot, so the first inserted of two equal hashes comes first here', () => {
    // "Aa" and "BB" share hashCode 2112, whose home slot is 20 of 64: the second goes to slot 21.
    assert.deepEqual(keysInOrder(['Aa', 'BB']), ['Aa', 'BB']);
    assert.deepEqual(keysInOrder(['BB', 'Aa']), ['BB', 'Aa']);
  });

  it('wraps the probe around the end of the table', () => {
    // hashCode 2 has home slot 63 of 64: a second key with that hash wraps to slot 0, ahead of the first.
    assert.equal(MurmurHash3.hashInt(hashKey('\u0002')) & 63, 63);
    assert.deepEqual(keysInOrder(['\u0002', 2]), [2, '\u0002']);
  });

  it('grows past 44 keys to 128 slots, where these 45 keys no longer collide', () => {
    // 45 hashes with distinct home slots among 128 (but only 38 distinct homes among 64).
    const hashes = [
      0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 26, 27, 28, 29, 31, 32, 33, 34, 36, 37,
      40, 41, 44, 45, 46, 47, 49, 51, 52, 53, 55, 56, 57, 58, 62,
    ];
    const order = appendOnlyMapOrder(hashes);
    assert.deepEqual(fixedAppendOnlyMapOrder(hashes), order);
    const reversed = appendOnlyMapOrder([...hashes].reverse()).map((i) => hashes.length - 1 - i);
    assert.deepEqual(reversed, order);
    assert.equal(fixedAppendOnlyMapOrder(hashes.slice(0, 44)), undefined); // still 64 slots: collisions
  });

  it('knows when the insertion order cannot matter', () => {
    assert.deepEqual(fixedAppendOnlyMapOrder([97, 100]), [1, 0]);
    assert.deepEqual(fixedAppendOnlyMapOrder([null, 97]), [0, 1]);
    assert.equal(fixedAppendOnlyMapOrder([2112, 2112]), undefined);
  });
});
