import { keyId, NoSuchElementError, XORShiftRandom } from '../core/index.ts';
import { PoissonDistribution } from './poisson-distribution.ts';
import { offsetSeed } from './seed.ts';

/**
 * The per-partition function of `sampleByKey` (Spark's `StratifiedSamplingUtils`): partition i draws
 * from generators seeded with `seed + i`; without replacement a record is kept when a uniform draw is
 * below its key's fraction, with replacement it is repeated a Poisson(fraction) number of times, one
 * seeded Poisson generator per distinct fraction.
 */
export function stratifiedSampler<K, V>(
  withReplacement: boolean,
  fractions: ReadonlyMap<unknown, number>,
  seed: bigint,
): (items: [K, V][], index: number) => [K, V][] {
  const fractionOf = (key: K): number => {
    const f = fractions.get(keyId(key));
    if (f === undefined) throw new NoSuchElementError(`sampleByKey: no fraction given for key ${String(key)}`);
    return f;
  };
  return (items, index) => {
    const partitionSeed = offsetSeed(seed, index);
    const out: [K, V][] = [];
    if (!withReplacement) {
      const uniform = new XORShiftRandom(partitionSeed);
      for (const item of items) if (uniform.nextDouble() < fractionOf(item[0])) out.push(item);
      return out;
    }
    const poissons = new Map<number, PoissonDistribution>();
    for (const item of items) {
      const mean = fractionOf(item[0]);
      let poisson = poissons.get(mean);
      if (poisson === undefined) {
        poisson = new PoissonDistribution(mean, partitionSeed);
        poissons.set(mean, poisson);
      }
      const copies = poisson.sample();
      for (let c = 0; c < copies; c++) out.push(item);
    }
    return out;
  };
}
