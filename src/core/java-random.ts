/**
 * A bit-exact port of `java.util.Random` (48-bit LCG), so that choices Spark makes with it and generators
 * specified against it (Nexmark) match the JVM. The 48-bit state is kept as two 24-bit halves so every
 * product stays exact in doubles.
 *
 * The derived draws (`nextInt(bound)`, `nextLong`, …) use only {@link JavaRandom.next}, as Java's do, so a
 * subclass that replaces `next` (Spark's `XORShiftRandom`) inherits them unchanged.
 */
const MULT_HI = 0x5de; // 0x5DEECE66D = MULT_HI·2^24 + MULT_LO
const MULT_LO = 0xece66d;
const TWO_24 = 0x1000000;

export class JavaRandom {
  #hi = 0;
  #lo = 0;

  constructor(seed: number | bigint) {
    // Not through the overridable setSeed: a subclass's own state does not exist yet.
    this.#scramble(seed);
  }

  setSeed(seed: number | bigint): void {
    this.#scramble(seed);
  }

  #scramble(seed: number | bigint): void {
    const s = (BigInt.asUintN(64, BigInt(seed)) ^ 0x5deece66dn) & 0xffffffffffffn;
    this.#hi = Number(s >> 24n);
    this.#lo = Number(s & 0xffffffn);
  }

  /** The next `bits` (1–32) random bits as a signed 32-bit int, Java's `next(bits)`. */
  next(bits: number): number {
    // state = state·0x5DEECE66D + 0xB mod 2^48, computed on 24-bit halves.
    const lo = this.#lo * MULT_LO + 0xb;
    const carry = Math.floor(lo / TWO_24);
    const hi = (this.#hi * MULT_LO + this.#lo * MULT_HI + carry) % TWO_24;
    this.#lo = lo % TWO_24;
    this.#hi = hi;
    // (int)(state >>> (48 - bits))
    const top = hi * 2 ** (bits - 24) + Math.floor(this.#lo / 2 ** (48 - bits));
    return bits === 32 ? top | 0 : top;
  }

  /**
   * A uniform int: any int32 without `bound`, else in `[0, bound)`.
   *
   * @throws RangeError when `bound` is not a positive whole number
   */
  nextInt(bound?: number): number {
    if (bound === undefined) return this.next(32);
    if (!Number.isInteger(bound) || bound <= 0) throw new RangeError(`bound must be positive, got ${bound}`);
    if ((bound & -bound) === bound) {
      // (int)((bound * (long)next(31)) >> 31)
      return Math.floor((bound * this.next(31)) / 2 ** 31);
    }
    let r = this.next(31);
    const m = bound - 1;
    for (let u = r; u - (r = u % bound) + m > 0x7fffffff; u = this.next(31)) {
      // rejected: u - r + m overflowed int in Java
    }
    return r;
  }

  nextLong(): bigint {
    return BigInt.asIntN(64, (BigInt(this.next(32)) << 32n) + BigInt(this.next(32)));
  }

  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }

  nextFloat(): number {
    return this.next(24) / 2 ** 24;
  }

  nextBoolean(): boolean {
    return this.next(1) !== 0;
  }
}

/** Scala's `hashing.byteswap32`. */
export function byteswap32(v: number): number {
  let hc = Math.imul(v, 0x9e3775cd);
  hc = ((hc & 0xff) << 24) | ((hc & 0xff00) << 8) | ((hc >>> 8) & 0xff00) | (hc >>> 24);
  return Math.imul(hc, 0x9e3775cd);
}
