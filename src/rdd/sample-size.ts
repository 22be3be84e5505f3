/**
 * The sampling fraction `takeSample` uses so that one pass very likely (99.99%) yields at least `num` of
 * `total` records (Spark's `SamplingUtils.computeFractionForSampleSize`): a Poisson upper bound with
 * replacement, a binomial one without.
 */
export function fractionForSampleSize(num: number, total: number, withReplacement: boolean): number {
  if (withReplacement) return poissonUpperBound(num) / total;
  return binomialUpperBound(1e-4, total, num / total);
}

/** A Poisson mean below which drawing `s` or more is very unlikely (Spark's `PoissonBounds.getLowerBound`). */
export function poissonLowerBound(s: number): number {
  return Math.max(s - poissonStdevs(s) * Math.sqrt(s), 1e-15);
}

/** A Poisson mean above which drawing fewer than `s` is very unlikely (Spark's `PoissonBounds.getUpperBound`). */
export function poissonUpperBound(s: number): number {
  return Math.max(s + poissonStdevs(s) * Math.sqrt(s), 1e-10);
}

function poissonStdevs(s: number): number {
  return s < 6 ? 12 : s < 16 ? 9 : 6;
}

/**
 * A success rate below which `n` trials very unlikely (probability `delta`) give more than `fraction · n`
 * successes (Spark's `BinomialBounds.getLowerBound`; NaN for n = 0, as there).
 */
export function binomialLowerBound(delta: number, n: number, fraction: number): number {
  const gamma = (-Math.log(delta) / n) * (2 / 3);
  return fraction + gamma - Math.sqrt(gamma * gamma + 3 * gamma * fraction);
}

/** A success rate above which `n` trials very unlikely give fewer than `fraction · n` successes. */
export function binomialUpperBound(delta: number, n: number, fraction: number): number {
  const gamma = -Math.log(delta) / n;
  return Math.min(1, Math.max(1e-10, fraction + gamma + Math.sqrt(gamma * gamma + 2 * gamma * fraction)));
}

/** Shuffles `items` in place with Java's Fisher–Yates from the end (Spark's `Utils.randomizeInPlace`). */
export function randomizeInPlace<T>(items: T[], random: { nextInt(bound: number): number }): T[] {
  for (let i = items.length - 1; i >= 1; i--) {
    const j = random.nextInt(i + 1);
    const t = items[j];
    items[j] = items[i];
    items[i] = t;
  }
  return items;
}
