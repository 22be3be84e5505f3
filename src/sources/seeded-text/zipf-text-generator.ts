import { InvalidArgumentError } from '../../core/index.ts';

export interface ZipfTextOptions {
  /** Seed of the vocabulary and of every line; the same seed gives the same text. Default 42. */
  seed?: number;
  /** Distinct words, each 3–10 lowercase letters. Default 10,000. */
  vocabularySize?: number;
  /** Zipf exponent s: the word of rank k is drawn with probability ∝ 1 / k^s. Default 1.0. */
  exponent?: number;
  /** Words per line. Default 12. */
  wordsPerLine?: number;
}

/** mulberry32: a small, fast, seedable 32-bit generator (not cryptographic). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Lines of words drawn from a Zipf distribution over a seeded vocabulary: the word-count workload of the
 * benchmark suite and the example's source. `lines(n, stream)` is a pure function of the options and
 * `stream`, so a batch recomputed after a failure reads the same text.
 */
export class ZipfTextGenerator {
  readonly vocabulary: readonly string[];
  readonly wordsPerLine: number;
  readonly #seed: number;
  readonly #cdf: Float64Array;

  constructor(options: ZipfTextOptions = {}) {
    const { seed = 42, vocabularySize = 10_000, exponent = 1.0, wordsPerLine = 12 } = options;
    if (!Number.isInteger(vocabularySize) || vocabularySize < 1) {
      throw new InvalidArgumentError(`vocabularySize must be a whole number >= 1, got ${vocabularySize}`);
    }
    if (!Number.isInteger(wordsPerLine) || wordsPerLine < 1) {
      throw new InvalidArgumentError(`wordsPerLine must be a whole number >= 1, got ${wordsPerLine}`);
    }
    if (!(exponent >= 0)) throw new InvalidArgumentError(`exponent must be >= 0, got ${exponent}`);
    this.#seed = seed;
    this.wordsPerLine = wordsPerLine;
    const random = mulberry32(seed);
    const words = new Set<string>();
    while (words.size < vocabularySize) {
      const length = 3 + Math.floor(random() * 8);
      let w = '';
      for (let i = 0; i < length; i++) w += String.fromCharCode(97 + Math.floor(random() * 26));
      words.add(w);
    }
    this.vocabulary = [...words];
    const cdf = new Float64Array(vocabularySize);
    let total = 0;
    for (let k = 0; k < vocabularySize; k++) {
      total += 1 / (k + 1) ** exponent;
      cdf[k] = total;
    }
    for (let k = 0; k < vocabularySize; k++) cdf[k] /= total;
    this.#cdf = cdf;
  }

  /** `count` lines for the given stream position (a batch index, say). */
  lines(count: number, stream = 0): string[] {
    const random = mulberry32((this.#seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
    const out: string[] = new Array(count);
    const words: string[] = new Array(this.wordsPerLine);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < this.wordsPerLine; j++) words[j] = this.vocabulary[this.#rank(random())];
      out[i] = words.join(' ');
    }
    return out;
  }

  #rank(u: number): number {
    const cdf = this.#cdf;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
