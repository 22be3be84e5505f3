import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashKey, keyId, keysEqual, nonNegativeMod } from '../../src/core/hash.ts';

// Expected values are Java / Scala 2.13 hash codes printed by the JVM.
describe('hashKey', () => {
  it("hashes strings as Java's String.hashCode, over UTF-16 code units", () => {
    assert.equal(hashKey(''), 0);
    assert.equal(hashKey('a'), 97);
    assert.equal(hashKey('hello'), 99162322);
    assert.equal(hashKey('key1'), 3288498);
    assert.equal(hashKey('é'), 233);
    assert.equal(hashKey('😀'), 1772899);
  });

  it('hashes whole numbers as Integer, then Long; other numbers as Double; bigints as Long', () => {
    assert.equal(hashKey(-5), -5);
    assert.equal(hashKey(-1), -1);
    assert.equal(hashKey(2 ** 32), 1);
    assert.equal(hashKey(-1n), 0);
    assert.equal(hashKey(5n), 5);
    assert.equal(hashKey(1.5), 1073217536);
    assert.equal(hashKey(Number.NaN), 2146959360);
    assert.equal(hashKey(-0), hashKey(0));
  });

  it('hashes booleans as Java does', () => {
    assert.equal(hashKey(true), 1231);
    assert.equal(hashKey(false), 1237);
  });

  it('hashes arrays as Scala 2.13 tuples: "TupleN" prefix, then each element\'s ##', () => {
    assert.equal(hashKey([1, 2]), 1316541600);
    assert.equal(hashKey(['a', 1]), -1734940110);
    assert.equal(hashKey([1, 1.0]), -1669302457); // (1L, 1.0): ## makes 1L and 1.0 both 1
    assert.equal(hashKey([null, 1]), 1084890308);
    assert.equal(hashKey([1, 2, 3]), 2016703621);
    assert.equal(hashKey(['Aa', 1]), -650920259);
    assert.equal(hashKey([1, ['x', 2]]), 1320578171);
    assert.equal(hashKey(['a']), -1133508222);
  });

  it('uses Scala ## inside tuples: floats, longs and -0 hash by value', () => {
    assert.equal(hashKey([true, 1.5]), 2064901317); // 1.5 as Float.hashCode
    assert.equal(hashKey([2 ** 40, -0]), -737889118); // (1L << 40, -0.0)
    assert.equal(hashKey([3000000000, 2.5, Number.NaN]), -950122284); // (3000000000L, 2.5f, NaN)
    assert.equal(hashKey([1n, 2]), hashKey([1, 2]));
  });

  it('gives structurally equal keys equal hashes', () => {
    assert.equal(hashKey([1, ['a', true]]), hashKey([1, ['a', true]]));
    assert.equal(hashKey({ b: 1, a: [2] }), hashKey({ a: [2], b: 1 }));
    assert.equal(hashKey([-0]), hashKey([0]));
  });
});

describe('keyId and keysEqual (unchanged by the tuple hash)', () => {
  it('compare keys structurally', () => {
    assert.equal(keyId('x'), 'x');
    assert.equal(keyId(3), 3);
    assert.equal(keyId(['a', 1]), keyId(['a', 1]));
    assert.notEqual(keyId(['a', 1]), keyId(['a', '1']));
    assert.ok(keysEqual({ a: 1, b: [2] }, { b: [2], a: 1 }));
    assert.ok(!keysEqual([null], [undefined]));
    assert.ok(!keysEqual('\u0000o[]', []));
  });
});

describe('nonNegativeMod', () => {
  it('is never negative', () => {
    assert.equal(nonNegativeMod(-7, 3), 2);
    assert.equal(nonNegativeMod(7, 3), 1);
  });
});
