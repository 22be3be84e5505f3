import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MurmurHash3 } from '../../src/core/murmur3.ts';

// Every expected value below was printed by the JVM: scala-library 2.13's MurmurHash3 object and Guava's
// Hashing.murmur3_32_fixed(), as Spark 4 uses them.
describe('MurmurHash3 (Scala 2.13)', () => {
  it('mixes blocks as Scala does', () => {
    assert.equal(MurmurHash3.mix(0, 0), -430675100);
    assert.equal(MurmurHash3.mix(-889275714, 97), 309832722);
    assert.equal(MurmurHash3.mix(123456789, -987654321), -1121440422);
    assert.equal(MurmurHash3.mixLast(0, 1), -1017931171);
    assert.equal(MurmurHash3.mixLast(-889275714, 97), -1699409045);
  });

  it('finalizes with the length and avalanches', () => {
    assert.equal(MurmurHash3.finalizeHash(0, 0), 0);
    assert.equal(MurmurHash3.finalizeHash(123456789, 4), 260709855);
    assert.equal(MurmurHash3.finalizeHash(-1, 7), -112422903);
    assert.equal(MurmurHash3.avalanche(123456789 ^ 4), 260709855);
  });

  it('hashes bytes in little-endian blocks, with a 1–3 byte tail', () => {
    const cases: [number[], number][] = [
      [[], -1579025880],
      [[1], 1381161860],
      [[1, 2], -1708917555],
      [[1, 2, 3], 1096836238],
      [[1, 2, 3, 4], 1412046129],
      [[1, 2, 3, 4, 5, 6, 7], -919982090],
      [[0, 0, 0, 0, 0, 0, 0, 42], 1293464197],
      [[0xff, 0x80, 0, 127], -1635723715],
    ];
    for (const [bytes, expected] of cases) {
      assert.equal(MurmurHash3.bytesHash(new Uint8Array(bytes), MurmurHash3.arraySeed), expected, `[${bytes}]`);
    }
  });

  it("re-hashes an int as Guava's murmur3_32 hashInt (AppendOnlyMap's rehash)", () => {
    const cases: [number, number][] = [
      [0, 593689054],
      [1, -68075478],
      [-1, 1982413648],
      [97, 1455541201],
      [100, 616682048],
      [2112, -506449132],
      [-2147483648, -1718298732],
      [2147483647, -1653689534],
    ];
    for (const [h, expected] of cases) assert.equal(MurmurHash3.hashInt(h), expected, String(h));
  });
});
