/**
 * The WELL19937c generator of commons-math3 (`Well19937c`), which Spark's Poisson samplers draw from
 * through `PoissonDistribution`. Reproduced bit for bit so `sample(true, …)` and `sampleByKey(true, …)`
 * pick what Spark picks for the same seed.
 */
const R = 624; // ⌈19937 / 32⌉ words of state
const M1 = 70;
const M2 = 179;
const M3 = 449;

export class Well19937c {
  readonly #v = new Int32Array(R);
  #index = 0;

  constructor(seed: number | bigint) {
    this.setSeed(seed);
  }

  /** Seeds from a 64-bit seed as commons-math does: its high and low words, then a linear recurrence. */
  setSeed(seed: number | bigint): void {
    const s = BigInt.asUintN(64, BigInt(seed));
    const v = this.#v;
    v[0] = Number(s >> 32n) | 0;
    v[1] = Number(s & 0xffffffffn) | 0;
    for (let i = 2; i < R; i++) {
      const l = v[i - 2];
      v[i] = (Math.imul(1812433253, l ^ (l >> 30)) + i) | 0;
    }
    this.#index = 0;
  }

  /** The next `bits` (1–32) bits, unsigned. */
  next(bits: number): number {
    const v = this.#v;
    const index = this.#index;
    const rm1 = (index + R - 1) % R;
    const rm2 = (index + R - 2) % R;
    const v0 = v[index];
    const vM1 = v[(index + M1) % R];
    const vM2 = v[(index + M2) % R];
    const vM3 = v[(index + M3) % R];
    const z0 = (0x80000000 & v[rm1]) ^ (0x7fffffff & v[rm2]);
    const z1 = v0 ^ (v0 << 25) ^ (vM1 ^ (vM1 >>> 27));
    const z2 = (vM2 >>> 9) ^ (vM3 ^ (vM3 >>> 1));
    const z3 = z1 ^ z2;
    let z4 = z0 ^ (z1 ^ (z1 << 9)) ^ (z2 ^ (z2 << 21)) ^ (z3 ^ (z3 >>> 21));
    v[index] = z3;
    v[rm1] = z4;
    v[rm2] &= 0x80000000;
    this.#index = rm1;
    // Matsumoto-Kurita tempering
    z4 ^= (z4 << 7) & 0xe46e1700;
    z4 ^= (z4 << 15) & 0x9b868000;
    return z4 >>> (32 - bits);
  }

  /** A double in [0, 1) from 52 bits, as commons-math's `BitsStreamGenerator.nextDouble`. */
  nextDouble(): number {
    return (this.next(26) * 2 ** 26 + this.next(26)) * 2 ** -52;
  }
}
