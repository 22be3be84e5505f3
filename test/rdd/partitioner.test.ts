import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, HashPartitioner, InvalidArgumentError } from '../../src/index.ts';

describe('HashPartitioner', () => {
  it('places strings by Java String.hashCode mod n', () => {
    assert.equal(new HashPartitioner(4).getPartition('a'), 97 % 4);
    assert.equal(new HashPartitioner(5).getPartition('hello'), 99162322 % 5);
    assert.equal(new HashPartitioner(10).getPartition('key1'), 3288498 % 10);
    assert.equal(new HashPartitioner(7).getPartition(''), 0);
    // Surrogate pairs count as two UTF-16 units, as in Java.
    assert.equal(new HashPartitioner(4).getPartition('😀'), 1772899 % 4);
  });

  it('maps a negative hash to a non-negative partition', () => {
    // "polygenelubricants".hashCode() is Integer.MIN_VALUE: -2147483648 % 10 = -8, so partition 2.
    assert.equal(new HashPartitioner(10).getPartition('polygenelubricants'), 2);
    assert.equal(new HashPartitioner(3).getPartition(-5), 1);
    assert.equal(new HashPartitioner(4).getPartition(-1), 3);
  });

  it('places numbers and booleans by their Java hashCode', () => {
    assert.equal(new HashPartitioner(4).getPartition(7), 3);
    assert.equal(new HashPartitioner(4).getPartition(0), 0);
    assert.equal(new HashPartitioner(4).getPartition(2 ** 32), 1); // Long.hashCode(1L << 32) = 1
    assert.equal(new HashPartitioner(7).getPartition(1.5), 1073217536 % 7); // Double.hashCode
    assert.equal(new HashPartitioner(10).getPartition(true), 1);
    assert.equal(new HashPartitioner(10).getPartition(false), 7);
  });

  it('puts null and undefined in partition 0', () => {
    assert.equal(new HashPartitioner(3).getPartition(null), 0);
    assert.equal(new HashPartitioner(3).getPartition(undefined), 0);
  });

  it('places structurally equal keys alike', () => {
    const p = new HashPartitioner(7);
    assert.equal(p.getPartition([1, 'a']), p.getPartition([1, 'a']));
    assert.equal(p.getPartition({ a: 1, b: [2] }), p.getPartition({ b: [2], a: 1 }));
  });

  it('always answers within [0, n)', () => {
    const p = new HashPartitioner(3);
    for (const k of ['x', 'yy', -7, 123456789, 2.25, true, [1, 2], { k: 'v' }, 2n ** 40n]) {
      const i = p.getPartition(k);
      assert.ok(Number.isInteger(i) && i >= 0 && i < 3, `${String(k)} → ${i}`);
    }
  });

  it('is equal to another HashPartitioner with the same count only', () => {
    assert.ok(new HashPartitioner(3).equals(new HashPartitioner(3)));
    assert.ok(!new HashPartitioner(3).equals(new HashPartitioner(4)));
    assert.ok(!new HashPartitioner(3).equals(undefined));
    const range = new BatchContext()
      .parallelize<[number, number]>(
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        3,
      )
      .sortByKey().partitioner;
    assert.ok(!new HashPartitioner(3).equals(range));
  });

  it('accepts 0 partitions and rejects negative or fractional counts', () => {
    assert.equal(new HashPartitioner(0).numPartitions, 0);
    assert.throws(() => new HashPartitioner(-1), InvalidArgumentError);
    assert.throws(() => new HashPartitioner(1.5), InvalidArgumentError);
  });
});
