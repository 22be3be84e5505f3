import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashPartitioner, RangePartitioner } from '../../src/index.ts';

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const keys = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e'];

describe('RangePartitioner', () => {
  it('picks bounds as Spark does when every key is sampled', () => {
    // 8 keys into 3: step 8/3, bounds at the 3rd and 6th key ('a', 'c').
    const p = new RangePartitioner(3, keys, byCodeUnits);
    assert.equal(p.numPartitions, 3);
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e', '0', 'z'].map((k) => p.getPartition(k)),
      [0, 1, 1, 2, 2, 0, 2],
    );
  });

  it('puts a key equal to a bound in the lower partition', () => {
    const p = new RangePartitioner(2, [1, 2, 3, 4], (a: number, b: number) => a - b);
    assert.deepEqual(
      [1, 2, 2.5, 3, 4].map((k) => p.getPartition(k)),
      [0, 0, 1, 1, 1],
    );
  });

  it('reverses the partition order when descending', () => {
    const p = new RangePartitioner(2, keys, byCodeUnits, false);
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e'].map((k) => p.getPartition(k)),
      [1, 1, 0, 0, 0],
    );
  });

  it('never uses a key twice as a bound, so repeated keys give fewer partitions', () => {
    const p = new RangePartitioner(3, ['a', 'a', 'a', 'a'], byCodeUnits);
    assert.equal(p.numPartitions, 2);
  });

  it('makes at most as many partitions as there are keys', () => {
    // Spark bounds min(partitions, candidates) parts: two keys into 5 partitions give 2.
    const p = new RangePartitioner(5, ['a', 'b'], byCodeUnits);
    assert.equal(p.numPartitions, 2);
    assert.deepEqual([p.getPartition('a'), p.getPartition('b')], [0, 1]);
  });

  it('has one partition for no keys or one requested partition', () => {
    assert.equal(new RangePartitioner(4, [], byCodeUnits).numPartitions, 1);
    assert.equal(new RangePartitioner(1, keys, byCodeUnits).numPartitions, 1);
    assert.equal(new RangePartitioner(0, keys, byCodeUnits).numPartitions, 1);
  });

  it('equals another RangePartitioner with the same bounds and direction', () => {
    const p = new RangePartitioner(3, keys, byCodeUnits);
    assert.ok(p.equals(p));
    assert.ok(p.equals(new RangePartitioner(3, [...keys], byCodeUnits)));
    assert.ok(!p.equals(new RangePartitioner(3, keys, byCodeUnits, false)));
    assert.ok(!p.equals(new RangePartitioner(2, keys, byCodeUnits)));
    assert.ok(!p.equals(new RangePartitioner(3, ['a', 'b', 'c', 'd', 'e', 'f'], byCodeUnits)));
    assert.ok(!p.equals(new HashPartitioner(3)));
    assert.ok(!p.equals(undefined));
  });
});
