import { JavaRandom } from './java-random.ts';
import { MurmurHash3 } from './murmur3.ts';

/**
 * Spark's `XORShiftRandom`: a 64-bit xorshift generator behind `java.util.Random`'s interface. Spark (≥ 3.4)
 * seeds it with a partition index to choose where `repartition` starts placing that partition's records,
 * so reproducing it bit for bit puts records where Spark puts them. Only `next(bits)` differs from
 * {@link JavaRandom}; `nextInt(bound)`, `nextLong`, `nextDouble`, … are Java's algorithms on top of it.
 *
 * The 64-bit state is kept as two unsigned 32-bit halves.
 *
 * @example
 * new XORShiftRandom(0).nextInt(3); // 2, the start position Spark gives partition 0 of 3
 */
export class XORShiftRandom extends JavaRandom {
  #hi = 0;
  #lo = 0;

  constructor(seed: number | bigint) {
    super(seed);
    this.#reseed(seed);
  }

  override setSeed(seed: number | bigint): void {
    this.#reseed(seed);
  }

  #reseed(seed: number | bigint): void {
    const [hi, lo] = XORShiftRandom.hashSeed(seed);
    this.#hi = hi >>> 0;
    this.#lo = lo >>> 0;
  }

  /** The low `bits` (1–32) bits of the next state; 32 bits come back as a signed int. */
  override next(bits: number): number {
    let hi = this.#hi;
    let lo = this.#lo;
    // x ^= x << 21
    hi = (hi ^ ((hi << 21) | (lo >>> 11))) >>> 0;
    lo = (lo ^ (lo << 21)) >>> 0;
    // x ^= x >>> 35
    lo = (lo ^ (hi >>> 3)) >>> 0;
    // x ^= x << 4
    hi = (hi ^ ((hi << 4) | (lo >>> 28))) >>> 0;
    lo = (lo ^ (lo << 4)) >>> 0;
    this.#hi = hi;
    this.#lo = lo;
    return bits >= 32 ? lo | 0 : lo & (2 ** bits - 1);
  }

  /**
   * Spark's seed scrambling: MurmurHash3 `bytesHash` of the seed's 8 big-endian bytes, once with the array
   * seed (the low word) and again with that result (the high word). Returns `[high, low]` as signed ints.
   */
  static hashSeed(seed: number | bigint): [number, number] {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(seed)));
    const lo = MurmurHash3.bytesHash(bytes, MurmurHash3.arraySeed);
    const hi = MurmurHash3.bytesHash(bytes, lo);
    return [hi, lo];
  }
}
