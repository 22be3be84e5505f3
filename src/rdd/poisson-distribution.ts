import { Well19937c } from './well19937c.ts';

/** Means from here on take commons-math's rejection method, which Sluice does not reproduce. */
const PIVOT = 40;

/**
 * Poisson draws as commons-math3's `PoissonDistribution.sample()` makes them for a mean below 40: count
 * uniform deviates (from a seeded {@link Well19937c}) until their product falls below e^-mean, at most
 * 1000·mean of them. A larger mean is drawn as a sum of Poisson draws of means below 40 (the same
 * distribution, not commons-math's sequence; see the API deviations).
 */
export class PoissonDistribution {
  readonly mean: number;
  readonly #random: Well19937c;

  constructor(mean: number, seed: number | bigint) {
    this.mean = mean;
    this.#random = new Well19937c(seed);
  }

  sample(): number {
    const mean = this.mean;
    if (mean < PIVOT) return this.#small(mean);
    const parts = Math.ceil(mean / (PIVOT - 1));
    let n = 0;
    for (let i = 0; i < parts; i++) n += this.#small(mean / parts);
    return n;
  }

  #small(mean: number): number {
    const p = Math.exp(-mean);
    let n = 0;
    let r = 1;
    while (n < 1000 * mean) {
      r *= this.#random.nextDouble();
      if (r >= p) n++;
      else return n;
    }
    return n;
  }
}
