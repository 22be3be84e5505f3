import { XORShiftRandom } from '../core/index.ts';
import { PoissonDistribution } from './poisson-distribution.ts';

/**
 * Samples one partition with a seed of its own, as Spark's `RandomSampler`s (a fresh copy per
 * partition, seeded before the first draw).
 */
export type PartitionSampler = <T>(items: readonly T[], seed: bigint) => T[];

/** Up to this fraction Spark skips over records by drawing gap lengths rather than one draw per record. */
const MAX_GAP_SAMPLING_FRACTION = 0.4;
/** Spark's lower clamp on a uniform draw before taking its logarithm. */
const RNG_EPSILON = 5e-11;

/** Keeps each record with probability `fraction` (Spark's `BernoulliSampler`). */
export function bernoulliSampler(fraction: number): PartitionSampler {
  return <T>(items: readonly T[], seed: bigint): T[] => {
    if (fraction <= 0) return [];
    if (fraction >= 1) return items.slice();
    const rng = new XORShiftRandom(seed);
    const out: T[] = [];
    if (fraction <= MAX_GAP_SAMPLING_FRACTION) {
      const lnq = Math.log1p(-fraction);
      let drop = -1; // the first record draws the first gap
      for (const item of items) {
        if (drop < 0) drop = gap(rng, lnq);
        if (drop > 0) drop--;
        else {
          out.push(item);
          drop = gap(rng, lnq);
        }
      }
      return out;
    }
    for (const item of items) if (rng.nextDouble() <= fraction) out.push(item);
    return out;
  };
}

/** Repeats each record a Poisson(`fraction`) number of times (Spark's `PoissonSampler`). */
export function poissonSampler(fraction: number): PartitionSampler {
  return <T>(items: readonly T[], seed: bigint): T[] => {
    if (fraction <= 0) return [];
    const out: T[] = [];
    if (fraction <= MAX_GAP_SAMPLING_FRACTION) {
      const rng = new XORShiftRandom(seed);
      const q = Math.exp(-fraction);
      let drop = -1;
      for (const item of items) {
        if (drop < 0) drop = gap(rng, -fraction);
        if (drop > 0) {
          drop--;
          continue;
        }
        const copies = poissonAtLeastOne(rng, q);
        drop = gap(rng, -fraction);
        for (let c = 0; c < copies; c++) out.push(item);
      }
      return out;
    }
    const poisson = new PoissonDistribution(fraction, seed);
    for (const item of items) {
      const copies = poisson.sample();
      for (let c = 0; c < copies; c++) out.push(item);
    }
    return out;
  };
}

/** Keeps the records whose uniform draw falls in `[lb, ub)` (Spark's `BernoulliCellSampler`, for randomSplit). */
export function bernoulliCellSampler(lb: number, ub: number): PartitionSampler {
  return <T>(items: readonly T[], seed: bigint): T[] => {
    if (ub - lb <= 0) return [];
    const rng = new XORShiftRandom(seed);
    const out: T[] = [];
    for (const item of items) {
      const x = rng.nextDouble();
      if (x >= lb && x < ub) out.push(item);
    }
    return out;
  };
}

/** How many records to skip before the next one kept: a geometric draw, as Spark's gap samplers. */
function gap(rng: XORShiftRandom, logOfKeepRate: number): number {
  const u = Math.max(rng.nextDouble(), RNG_EPSILON);
  return Math.min(Math.trunc(Math.log(u) / logOfKeepRate), 0x7fffffff); // a JVM Int conversion saturates
}

/** A Poisson draw conditioned on being at least 1, where `q` is e^-fraction. */
function poissonAtLeastOne(rng: XORShiftRandom, q: number): number {
  let pp = q + (1 - q) * rng.nextDouble();
  let r = 1;
  pp *= rng.nextDouble();
  while (pp > q) {
    r++;
    pp *= rng.nextDouble();
  }
  return r;
}
