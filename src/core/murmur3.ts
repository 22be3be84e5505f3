/**
 * The pieces of MurmurHash3 (x86, 32-bit) that Spark's placement and ordering decisions rest on: Scala's
 * `scala.util.hashing.MurmurHash3` (tuple hash codes, the seed scrambling of `XORShiftRandom`) and
 * Guava's `murmur3_32` `hashInt` (the re-hash of Spark's `AppendOnlyMap`). All arithmetic wraps at 32 bits.
 */
export const MurmurHash3 = {
  /** Scala's `productSeed`, the starting value of a tuple's hash. */
  productSeed: 0xcafebabe | 0,
  /** Scala's `arraySeed`, the seed `XORShiftRandom` hashes its initial seed with. */
  arraySeed: 0x3c074a61,

  /** Mixes a block into the hash state, the last step excepted. */
  mix(h: number, k: number): number {
    const mixed = MurmurHash3.mixLast(h, k);
    return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
  },

  /** Mixes the final (possibly partial) block into the hash state. */
  mixLast(h: number, k: number): number {
    let x = Math.imul(k, 0xcc9e2d51);
    x = (x << 15) | (x >>> 17);
    return h ^ Math.imul(x, 0x1b873593);
  },

  /** Folds the length in and avalanches. */
  finalizeHash(h: number, length: number): number {
    return MurmurHash3.avalanche(h ^ length);
  },

  /** The final bit mix (`fmix32`). */
  avalanche(h: number): number {
    let x = h ^ (h >>> 16);
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    return x ^ (x >>> 16);
  },

  /** Scala's `bytesHash`: 4-byte blocks assembled little-endian, then the 1–3 byte tail. */
  bytesHash(data: Uint8Array, seed: number): number {
    let h = seed | 0;
    const whole = data.length & ~3;
    let i = 0;
    for (; i < whole; i += 4) {
      h = MurmurHash3.mix(h, data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    }
    const rest = data.length & 3;
    if (rest > 0) {
      let k = 0;
      if (rest === 3) k ^= data[i + 2] << 16;
      if (rest >= 2) k ^= data[i + 1] << 8;
      k ^= data[i];
      h = MurmurHash3.mixLast(h, k);
    }
    return MurmurHash3.finalizeHash(h, data.length);
  },

  /**
   * Guava's `Hashing.murmur3_32_fixed().hashInt(h)` (seed 0): how Spark's `AppendOnlyMap` spreads a key's
   * `hashCode` before masking it to a slot.
   */
  hashInt(h: number): number {
    return MurmurHash3.finalizeHash(MurmurHash3.mix(0, h), 4);
  },
} as const;
