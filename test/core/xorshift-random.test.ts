import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JavaRandom } from '../../src/core/java-random.ts';
import { XORShiftRandom } from '../../src/core/xorshift-random.ts';

// Values computed on the JVM with Spark 4.0.0's XORShiftRandom and JDK 17's java.util.Random.
const BOUNDS = [1, 2, 3, 4, 5, 7, 8, 10, 16, 100, 1000];
const START_POSITIONS: [bigint, number[]][] = [
  [-9171266021732529057n, [0, 0, 2, 0, 3, 2, 1, 8, 3, 28, 28]],
  [-202554933444998644n, [0, 0, 0, 0, 3, 5, 1, 3, 3, 3, 703]],
  [2422337058538498501n, [0, 1, 1, 3, 3, 1, 7, 8, 15, 28, 828]],
  [-9026011339099741600n, [0, 1, 2, 2, 2, 6, 5, 7, 11, 47, 447]],
  [-7267010705351394357n, [0, 1, 1, 2, 3, 1, 4, 3, 9, 53, 53]],
  [-983371857858525063n, [0, 1, 1, 3, 0, 1, 7, 5, 14, 25, 425]],
  [-8343531381500214397n, [0, 1, 2, 3, 0, 3, 6, 0, 12, 90, 90]],
  [-2714775767673150655n, [0, 0, 1, 1, 0, 1, 3, 0, 6, 60, 960]],
  [8413369251342117632n, [0, 1, 2, 2, 0, 1, 4, 5, 9, 75, 675]],
  [7170218748999965886n, [0, 1, 2, 2, 3, 4, 5, 8, 11, 88, 788]],
  [6451847352263814036n, [0, 0, 2, 0, 4, 4, 1, 9, 3, 89, 289]],
  [2386798089342829865n, [0, 1, 2, 2, 2, 2, 5, 2, 11, 2, 902]],
];

describe('XORShiftRandom', () => {
  it('scrambles a seed with MurmurHash3 over its big-endian bytes (hashSeed)', () => {
    START_POSITIONS.forEach(([expected], index) => {
      const [hi, lo] = XORShiftRandom.hashSeed(index);
      assert.equal(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)), expected, `seed ${index}`);
    });
  });

  it("gives Spark's repartition start position nextInt(n) for partition indices 0–11", () => {
    START_POSITIONS.forEach(([, positions], index) => {
      assert.deepEqual(
        BOUNDS.map((n) => new XORShiftRandom(index).nextInt(n)),
        positions,
        `partition ${index}`,
      );
    });
  });

  it('draws the sequence Spark draws from seed 42', () => {
    const r = new XORShiftRandom(42);
    assert.equal(r.nextInt(), 444206279);
    assert.equal(r.nextLong(), 6477513865386644755n);
    assert.equal(r.nextDouble(), 0.0878356757203187);
  });

  it('restarts the sequence on setSeed, as a new generator would', () => {
    const r = new XORShiftRandom(7);
    r.nextInt();
    r.setSeed(42);
    assert.equal(r.nextInt(), 444206279);
  });
});

describe('JavaRandom', () => {
  it('draws the sequence java.util.Random draws from seed 42', () => {
    const r = new JavaRandom(42);
    assert.equal(r.nextInt(), -1170105035);
    assert.equal(r.nextInt(10), 3);
    assert.equal(r.nextInt(16), 10);
    assert.equal(r.nextLong(), 884324181205335268n);
    assert.equal(r.nextDouble(), 0.9420735430282128);
    assert.equal(r.nextBoolean(), true);
    assert.equal(Math.fround(r.nextFloat()), Math.fround(0.6655489));
  });

  it('rejects and redraws as Java does for bounds that are not powers of two', () => {
    const r = new JavaRandom(-1);
    assert.equal(r.nextInt(1000000007), 577549913);
    assert.equal(r.nextInt(1 << 30), 471976112);
    assert.equal(r.nextInt(1073741825), 26349579);
  });

  it('rejects a bound that is not positive', () => {
    assert.throws(() => new JavaRandom(1).nextInt(0), RangeError);
  });
});
