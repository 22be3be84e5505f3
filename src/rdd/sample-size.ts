/**
 * The sampling fraction `takeSample` uses so that one pass very likely (99.99%) yields at least `num` of
 * `total` records (Spark's `SamplingUtils.computeFractionForSampleSize`): a Poisson upper bound with
 * replacement, a binomial one without.
 */
export function fractionForSampleSize(num: number, total: number, withReplacement: boolean): number {
  if (withReplacement) {
    const stdevs = num < 6 ? 12 : num < 16 ? 9 : 6;
    return Math.max(num + stdevs * Math.sqrt(num), 1e-10) / total;
  }
  const fraction = num / total;
  const delta = 1e-4;
  const gamma = -Math.log(delta) / total;
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
