// W3's recovery input: a function of the batch number only, so a restarted process replays exactly what
// the killed one read, and the parent can recompute every key's totals without running the engine.
import { type GraphOwner, InputDStream, type Rdd, type Time } from '../../src/index.ts';
import { combine, mix32 } from './checksum.ts';

/** `[key, value]`. */
export type KeyedEvent = [number, number];

/** The shape of the recovery run's input. */
export interface W3EventsConfig {
  /** Keys in all; the first checkpoint interval touches each of them once. */
  readonly keys: number;
  /** Batches per checkpoint interval. */
  readonly interval: number;
  /** Distinct keys updated in each odd interval (the "few keys change" case); even ones update every key. */
  readonly fewKeys: number;
}

/** The key multiplier: 3^18 is prime to 2 and 5, so `n·3^18 mod m` runs through every residue for m = 2^a·5^b. */
const STRIDE = 387_420_489;

/** Distinct keys the events of checkpoint interval `j` (0-based) update. */
export function keysUpdatedIn(config: W3EventsConfig, j: number): number {
  return j % 2 === 1 ? config.fewKeys : config.keys;
}

/**
 * The events of batch `k` (1-based), `perBatch` of them: event m of interval j updates key
 * `(offset_j + m·3^18 mod D_j) mod keys`, with D_j from {@link keysUpdatedIn}, so an interval of
 * `keys / perBatch` batches updates exactly D_j distinct keys; the value is `key mod 100 + 1`.
 */
export function eventsOfBatch(config: W3EventsConfig, perBatch: number, k: number): KeyedEvent[] {
  const j = Math.floor((k - 1) / config.interval);
  const distinct = keysUpdatedIn(config, j);
  const offset = (j * 104_729) % config.keys;
  const first = ((k - 1) % config.interval) * perBatch;
  const out = new Array<KeyedEvent>(perBatch);
  for (let i = 0; i < perBatch; i++) {
    const key = (offset + (((first + i) * STRIDE) % distinct)) % config.keys;
    out[i] = [key, (key % 100) + 1];
  }
  return out;
}

/** A key's running totals, as the recovery run's mapWithState keeps them. */
export interface Totals {
  readonly count: number;
  readonly sum: number;
}

/** An order-independent checksum of every key's totals, and the key count. */
export function totalsChecksum(entries: Iterable<readonly [number, Totals]>): { keys: number; checksum: number } {
  let keys = 0;
  let checksum = 0;
  for (const [key, t] of entries) {
    keys++;
    checksum = (checksum + combine(combine(mix32(key), t.count), t.sum % 2 ** 31)) >>> 0;
  }
  return { keys, checksum };
}

/** The recovery run's source: batch k holds {@link eventsOfBatch}(k) in two partitions. */
export class W3EventInputDStream extends InputDStream<KeyedEvent> {
  readonly name = 'w3Events';
  readonly config: W3EventsConfig;
  readonly perBatch: number;

  constructor(owner: GraphOwner, config: W3EventsConfig, perBatch: number) {
    super(owner, 'w3Events');
    this.config = config;
    this.perBatch = perBatch;
  }

  compute(time: Time): Rdd<KeyedEvent> {
    const k = (time - (this.zeroTime ?? 0)) / this.slideDurationMs;
    const records = eventsOfBatch(this.config, this.perBatch, k);
    this.reportInput(time, records.length);
    return this.batchContext.parallelize(records, 2);
  }
}
