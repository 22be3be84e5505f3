import { keyId, NoSuchElementError, XORShiftRandom } from '../core/index.ts';
import { PoissonDistribution } from './poisson-distribution.ts';
import { binomialLowerBound, binomialUpperBound, poissonLowerBound, poissonUpperBound } from './sample-size.ts';
import { offsetSeed } from './seed.ts';

/** Fractions (or thresholds) by key, under `keyId`. */
export type RatesByKey = ReadonlyMap<unknown, number>;

/** Spark's bound on the chance that an exact stratified sample comes out short. */
const EXACT_DELTA = 5e-5;

/**
 * Spark's `RandomDataGenerator` for stratified sampling: uniform draws from an `XORShiftRandom`, and
 * Poisson draws from one commons-math generator per distinct mean, each seeded with the same seed.
 */
class RandomDataGenerator {
  readonly #uniform: XORShiftRandom;
  readonly #seed: bigint;
  readonly #poissons = new Map<number, PoissonDistribution>();

  constructor(seed: bigint) {
    this.#seed = seed;
    this.#uniform = new XORShiftRandom(seed);
  }
  nextUniform(): number {
    return this.#uniform.nextDouble();
  }
  nextPoisson(mean: number): number {
    let poisson = this.#poissons.get(mean);
    if (poisson === undefined) {
      poisson = new PoissonDistribution(mean, this.#seed);
      this.#poissons.set(mean, poisson);
    }
    return poisson.sample();
  }
}

function rateOf(rates: RatesByKey, key: unknown, what: string): number {
  const r = rates.get(keyId(key));
  if (r === undefined) throw new NoSuchElementError(`${what}: no fraction given for key ${String(key)}`);
  return r;
}

/**
 * The per-partition function of `sampleByKey` (Spark's `StratifiedSamplingUtils`): partition i draws
 * from generators seeded with `seed + i`; without replacement a record is kept when a uniform draw is
 * below its key's fraction, with replacement it is repeated a Poisson(fraction) number of times.
 */
export function stratifiedSampler<K, V>(
  withReplacement: boolean,
  fractions: RatesByKey,
  seed: bigint,
): (items: [K, V][], index: number) => [K, V][] {
  return (items, index) => {
    const rng = new RandomDataGenerator(offsetSeed(seed, index));
    const out: [K, V][] = [];
    for (const item of items) {
      if (!withReplacement) {
        if (rng.nextUniform() < rateOf(fractions, item[0], 'sampleByKey')) out.push(item);
        continue;
      }
      const copies = rng.nextPoisson(rateOf(fractions, item[0], 'sampleByKey'));
      for (let c = 0; c < copies; c++) out.push(item);
    }
    return out;
  };
}

/** What one pass learnt about a key's stratum: how many records, how many surely in, and the wait list. */
export interface AcceptanceResult {
  numItems: number;
  numAccepted: number;
  waitList: number[];
  acceptBound: number;
  waitListBound: number;
}

/** The acceptance results by key (under `keyId`) of one partition: `sampleByKeyExact`'s first pass. */
export function acceptanceResults<K, V>(
  items: readonly [K, V][],
  index: number,
  withReplacement: boolean,
  fractions: RatesByKey,
  counts: RatesByKey | undefined,
  seed: bigint,
): Map<unknown, AcceptanceResult> {
  const rng = new RandomDataGenerator(offsetSeed(seed, index));
  const results = new Map<unknown, AcceptanceResult>();
  for (const [key] of items) {
    const fraction = rateOf(fractions, key, 'sampleByKeyExact');
    const id = keyId(key);
    let r = results.get(id);
    if (r === undefined) {
      r = { numItems: 0, numAccepted: 0, waitList: [], acceptBound: Number.NaN, waitListBound: Number.NaN };
      results.set(id, r);
    }
    if (withReplacement) {
      if (Number.isNaN(r.acceptBound) || Number.isNaN(r.waitListBound)) {
        const n = rateOf(counts as RatesByKey, key, 'sampleByKeyExact');
        const size = Math.ceil(n * fraction);
        const low = poissonLowerBound(size);
        r.acceptBound = low / n;
        r.waitListBound = (poissonUpperBound(size) - low) / n;
      }
      if (r.acceptBound !== 0) r.numAccepted += rng.nextPoisson(r.acceptBound);
      const waitListed = rng.nextPoisson(r.waitListBound);
      for (let c = 0; c < waitListed; c++) r.waitList.push(rng.nextUniform());
    } else {
      r.acceptBound = binomialLowerBound(EXACT_DELTA, r.numItems, fraction);
      r.waitListBound = binomialUpperBound(EXACT_DELTA, r.numItems, fraction);
      const x = rng.nextUniform();
      if (x < r.acceptBound) r.numAccepted++;
      else if (x < r.waitListBound) r.waitList.push(x);
    }
    r.numItems++;
  }
  return results;
}

/** Spark's merge of two partitions' results: into the later one, whose bounds a shared key keeps. */
export function mergeAcceptanceResults(
  earlier: Map<unknown, AcceptanceResult>,
  later: Map<unknown, AcceptanceResult>,
): Map<unknown, AcceptanceResult> {
  for (const [id, e] of earlier) {
    const l = later.get(id);
    if (l === undefined) later.set(id, e);
    else {
      for (const x of e.waitList) l.waitList.push(x);
      l.numAccepted += e.numAccepted;
      l.numItems += e.numItems;
    }
  }
  return later;
}

/**
 * The per-partition function of `sampleByKeyExact`: the acceptance results fix a threshold per key so
 * that the sample holds ⌈count · fraction⌉ records of each key with high probability; the draws repeat
 * the first pass's, seeded alike.
 */
export function exactStratifiedSampler<K, V>(
  withReplacement: boolean,
  fractions: RatesByKey,
  results: ReadonlyMap<unknown, AcceptanceResult>,
  seed: bigint,
): (items: [K, V][], index: number) => [K, V][] {
  const thresholds = new Map<unknown, number>();
  for (const [id, r] of results) {
    const size = Math.ceil(r.numItems * (fractions.get(id) as number));
    if (r.numAccepted > size) thresholds.set(id, r.acceptBound);
    else {
      const fromWaitList = size - r.numAccepted;
      thresholds.set(
        id,
        fromWaitList >= r.waitList.length ? r.waitListBound : r.waitList.sort((a, b) => a - b)[fromWaitList],
      );
    }
  }
  return (items, index) => {
    const rng = new RandomDataGenerator(offsetSeed(seed, index));
    const out: [K, V][] = [];
    for (const item of items) {
      const threshold = rateOf(thresholds, item[0], 'sampleByKeyExact');
      if (!withReplacement) {
        if (rng.nextUniform() < threshold) out.push(item);
        continue;
      }
      const r = results.get(keyId(item[0])) as AcceptanceResult;
      let copies = r.acceptBound === 0 ? 0 : rng.nextPoisson(r.acceptBound);
      const waitListed = rng.nextPoisson(r.waitListBound);
      for (let c = 0; c < waitListed; c++) if (rng.nextUniform() < threshold) copies++;
      for (let c = 0; c < copies; c++) out.push(item);
    }
    return out;
  };
}
