/** Order-independent checksums of word counts, and the top words of a batch. */

export function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Folds a sequence of 32-bit values in order (batch after batch). */
export function combine(h: number, x: number): number {
  return mix32(Math.imul(h, 31) + x);
}

export function hex(h: number): string {
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What a word-count batch produced: its 10 most frequent words and, when asked, a checksum of all counts. */
export interface CountSummary {
  /** `word:count`, most frequent first, ties by word. */
  readonly top: readonly string[];
  /** Sum of every count (the number of words read). */
  readonly total: number;
  /** Order-independent checksum of every (word, count) pair; 0 when not computed. */
  readonly checksum: number;
}

/**
 * The top `k` (word, count) pairs by count (ties by word) and the total, in one pass; with `withChecksum`,
 * also an order-independent checksum of every pair.
 */
export function summarizeCounts(
  entries: Iterable<readonly [string, number]>,
  withChecksum: boolean,
  k = 10,
): CountSummary {
  const words: string[] = [];
  const counts: number[] = [];
  let total = 0;
  let checksum = 0;
  for (const [w, c] of entries) {
    total += c;
    if (withChecksum) checksum = (checksum + mix32(hashString(w) ^ mix32(c))) >>> 0;
    const n = words.length;
    if (n === k && (c < counts[n - 1] || (c === counts[n - 1] && w > words[n - 1]))) continue;
    let i = n === k ? n - 1 : n;
    while (i > 0 && (counts[i - 1] < c || (counts[i - 1] === c && words[i - 1] > w))) {
      words[i] = words[i - 1];
      counts[i] = counts[i - 1];
      i--;
    }
    words[i] = w;
    counts[i] = c;
  }
  return { top: words.map((w, i) => `${w}:${counts[i]}`), total, checksum };
}
