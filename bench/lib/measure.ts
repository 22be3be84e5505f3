/** CPU, wall-clock and memory readings of this process, and number formatting for reports. */

export interface Reading {
  /** performance.now(), ms. */
  readonly wallMs: number;
  /** User + system CPU of the whole process (every thread), µs. */
  readonly cpuUs: number;
}

export function read(): Reading {
  const cpu = process.cpuUsage();
  return { wallMs: performance.now(), cpuUs: cpu.user + cpu.system };
}

export interface Span {
  readonly wallMs: number;
  readonly cpuUs: number;
  /** CPU time over wall time: cores busy on average. */
  readonly cores: number;
}

export function since(start: Reading, end: Reading = read()): Span {
  const wallMs = end.wallMs - start.wallMs;
  const cpuUs = end.cpuUs - start.cpuUs;
  return { wallMs, cpuUs, cores: cpuUs / 1000 / wallMs };
}

/** Peak resident set size of this process so far, MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** `3.61 M`, `712 k`, `41.2`: three significant digits with an SI prefix. */
export function si(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toPrecision(3)} G`;
  if (abs >= 1e6) return `${(n / 1e6).toPrecision(3)} M`;
  if (abs >= 1e4) return `${(n / 1e3).toPrecision(3)} k`;
  return fixed(n);
}

/** Three significant digits, without exponent notation for ordinary magnitudes. */
export function fixed(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
