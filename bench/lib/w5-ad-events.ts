/**
 * The ad events of the Yahoo streaming benchmark (W5): JSON records with user_id, page_id, ad_id, ad_type,
 * event_type (view, click or purchase), event_time (epoch ms as a string) and ip_address, drawn from a
 * seeded generator; the 1,000-entry ad → campaign table (100 campaigns × 10 ads); and the reference
 * computation of the view counts per campaign and 10 s event-time window.
 */
import { hashString, mix32 } from './checksum.ts';

export const CAMPAIGNS = 100;
export const ADS_PER_CAMPAIGN = 10;
export const WINDOW_MS = 10_000;
const USERS = 100;
const PAGES = 100;
const AD_TYPES = ['banner', 'modal', 'sponsored-search', 'mail', 'mobile'];
const EVENT_TYPES = ['view', 'click', 'purchase'];

/** mulberry32: a small seeded generator of 32-bit values. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  below(n: number): number {
    return this.next() % n;
  }
}

function uuid(random: SeededRandom): string {
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0').slice(-digits);
  const a = random.next();
  const b = random.next();
  const c = random.next();
  const d = random.next();
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${hex((c >>> 16) | 0x8000, 4)}-${hex(c, 4)}${hex(d, 8)}`;
}

/** The ids the events draw from, and the ad → campaign table (ad `i` belongs to campaign `floor(i / 10)`). */
export interface AdTables {
  readonly campaigns: readonly string[];
  readonly ads: readonly string[];
  readonly users: readonly string[];
  readonly pages: readonly string[];
  readonly campaignOfAd: ReadonlyMap<string, string>;
}

export function adTables(seed: number): AdTables {
  const random = new SeededRandom(seed);
  const campaigns = Array.from({ length: CAMPAIGNS }, () => uuid(random));
  const ads = Array.from({ length: CAMPAIGNS * ADS_PER_CAMPAIGN }, () => uuid(random));
  const users = Array.from({ length: USERS }, () => uuid(random));
  const pages = Array.from({ length: PAGES }, () => uuid(random));
  const campaignOfAd = new Map(ads.map((ad, i) => [ad, campaigns[Math.floor(i / ADS_PER_CAMPAIGN)]]));
  return { campaigns, ads, users, pages, campaignOfAd };
}

/** One event as the pipeline parses it. */
export interface AdEvent {
  readonly user_id: string;
  readonly page_id: string;
  readonly ad_id: string;
  readonly ad_type: string;
  readonly event_type: string;
  readonly event_time: string;
  readonly ip_address: string;
}

/** Draws events one after another; each is a JSON text of ~250 bytes, as Yahoo's generator writes them. */
export class AdEventGenerator {
  readonly #tables: AdTables;
  readonly #random: SeededRandom;

  constructor(tables: AdTables, seed: number) {
    this.#tables = tables;
    this.#random = new SeededRandom(seed);
  }

  /** The JSON text of the next event, at `timeMs`. */
  next(timeMs: number): string {
    const t = this.#tables;
    const r = this.#random;
    return JSON.stringify({
      user_id: t.users[r.below(t.users.length)],
      page_id: t.pages[r.below(t.pages.length)],
      ad_id: t.ads[r.below(t.ads.length)],
      ad_type: AD_TYPES[r.below(AD_TYPES.length)],
      event_type: EVENT_TYPES[r.below(EVENT_TYPES.length)],
      event_time: String(timeMs),
      ip_address: '1.2.3.4',
    });
  }
}

/** `campaign|windowStart`: the key of a window count. */
export function windowKey(campaign: string, eventTimeMs: number): string {
  return `${campaign}|${eventTimeMs - (eventTimeMs % WINDOW_MS)}`;
}

/** The straightforward computation: views per campaign and 10 s event-time window over the given event texts. */
export function referenceCounts(events: Iterable<string>, tables: AdTables): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of events) {
    const e = JSON.parse(text) as AdEvent;
    if (e.event_type !== 'view') continue;
    const campaign = tables.campaignOfAd.get(e.ad_id);
    if (campaign === undefined) throw new Error(`W5: ad ${e.ad_id} is not in the campaign table`);
    const key = windowKey(campaign, Number(e.event_time));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** An order-independent checksum of (key, count) pairs. */
export function countsChecksum(counts: ReadonlyMap<string, number>): number {
  let h = 0;
  for (const [k, c] of counts) h = (h + mix32(hashString(k) ^ mix32(c))) >>> 0;
  return h;
}

/** An order-independent checksum of texts (a multiset). */
export function textsChecksum(texts: Iterable<string>): number {
  let h = 0;
  for (const t of texts) h = (h + mix32(hashString(t))) >>> 0;
  return h;
}

/** The keys where two count maps differ, at most `limit` of them, as `key: expected vs actual`. */
export function countDifferences(
  expected: ReadonlyMap<string, number>,
  actual: ReadonlyMap<string, number>,
  limit = 5,
): string[] {
  const out: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key) ?? 0;
    const a = actual.get(key) ?? 0;
    if (e !== a && out.length < limit) out.push(`${key}: expected ${e}, got ${a}`);
  }
  return out;
}
