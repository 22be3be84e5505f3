/**
 * Count, mean, variance, max and min of a set of numbers, merged in one pass (Spark's `StatCounter`,
 * Welford's running mean and sum of squared deviations, and Chan's rule to merge two counters).
 * `Rdd.stats()` builds one per partition and merges them in partition order.
 *
 * @example
 * const s = new StatCounter([1, 2, 3]);
 * s.mean; // 2
 * s.sampleVariance; // 1
 */
export class StatCounter {
  #n = 0;
  #mu = 0;
  #m2 = 0;
  #max = Number.NEGATIVE_INFINITY;
  #min = Number.POSITIVE_INFINITY;

  constructor(values: Iterable<number> = []) {
    this.merge(values);
  }

  /** Adds a number, every number of an iterable, or another counter's numbers. Returns this counter. */
  merge(value: number | Iterable<number> | StatCounter): this {
    if (typeof value === 'number') this.#add(value);
    else if (value instanceof StatCounter) this.#mergeCounter(value === this ? value.copy() : value);
    else for (const v of value) this.#add(v);
    return this;
  }

  copy(): StatCounter {
    const c = new StatCounter();
    c.#n = this.#n;
    c.#mu = this.#mu;
    c.#m2 = this.#m2;
    c.#max = this.#max;
    c.#min = this.#min;
    return c;
  }

  get count(): number {
    return this.#n;
  }
  get mean(): number {
    return this.#mu;
  }
  get sum(): number {
    return this.#n * this.#mu;
  }
  /** The largest number; `-Infinity` when there is none. */
  get max(): number {
    return this.#max;
  }
  /** The smallest number; `Infinity` when there is none. */
  get min(): number {
    return this.#min;
  }
  /** The population variance; NaN when there are no numbers. */
  get variance(): number {
    return this.popVariance;
  }
  get popVariance(): number {
    return this.#n === 0 ? Number.NaN : this.#m2 / this.#n;
  }
  /** The sample variance (divided by count − 1); NaN below two numbers. */
  get sampleVariance(): number {
    return this.#n <= 1 ? Number.NaN : this.#m2 / (this.#n - 1);
  }
  /** The population standard deviation. */
  get stdev(): number {
    return this.popStdev;
  }
  get popStdev(): number {
    return Math.sqrt(this.popVariance);
  }
  get sampleStdev(): number {
    return Math.sqrt(this.sampleVariance);
  }

  /** `(count: 3, mean: 2.000000, stdev: 0.816497, max: 3.000000, min: 1.000000)`, as Spark prints it. */
  toString(): string {
    return `(count: ${this.#n}, mean: ${fixed6(this.mean)}, stdev: ${fixed6(this.stdev)}, max: ${fixed6(this.max)}, min: ${fixed6(this.min)})`;
  }

  #add(value: number): void {
    const delta = value - this.#mu;
    this.#n += 1;
    this.#mu += delta / this.#n;
    this.#m2 += delta * (value - this.#mu);
    this.#max = Math.max(this.#max, value);
    this.#min = Math.min(this.#min, value);
  }

  #mergeCounter(other: StatCounter): void {
    if (other.#n === 0) return;
    if (this.#n === 0) {
      this.#n = other.#n;
      this.#mu = other.#mu;
      this.#m2 = other.#m2;
      this.#max = other.#max;
      this.#min = other.#min;
      return;
    }
    const n = this.#n;
    const m = other.#n;
    const delta = other.#mu - this.#mu;
    // Spark's choice of formula by relative size keeps the mean stable when one side is much larger.
    if (m * 10 < n) this.#mu = this.#mu + (delta * m) / (n + m);
    else if (n * 10 < m) this.#mu = other.#mu - (delta * n) / (n + m);
    else this.#mu = (this.#mu * n + other.#mu * m) / (n + m);
    this.#m2 += other.#m2 + (delta * delta * n * m) / (n + m);
    this.#n = n + m;
    this.#max = Math.max(this.#max, other.#max);
    this.#min = Math.min(this.#min, other.#min);
  }
}

/** Java's `%f`: six decimals; infinities and NaN by name. */
function fixed6(x: number): string {
  return Number.isFinite(x) ? x.toFixed(6) : String(x);
}
