// W2, sliding window with an inverse function: 100,000 keys drawn uniformly (seeded) through
// map([k, 1]).reduceByKeyAndWindow(+, −, window, slide), against the same pipeline with a plain
// reduceByKey per batch, in the same run. Both consume their whole output every batch (an
// order-independent checksum over every record), and every output is checked against a straightforward
// recomputation of the window from the input.
//
// Batches are generated before timing (a pool of 16 batch arrays served in turn) and fed on a manual clock,
// batch after batch, as in W1: the wall time is the engine's own work. The first `windowBatches` batches
// fill the window untimed; the batches after them are timed one by one (from the clock advance to the
// batch's completion), so the figures are the steady state, where a batch enters and a batch leaves
// the window at every slide.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DStream, ManualClock, StreamingContext } from '../src/index.ts';
import { ArrayInputDStream } from './lib/array-input-dstream.ts';
import { hex, mix32 } from './lib/checksum.ts';
import { fixed, peakRssMb, read, type Span, si, since } from './lib/measure.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { median } from './lib/stats.ts';

const KEYS = 100_000;
const POOL = 16;
const TARGET_RATIO = 0.8;
/** Per-slide cost of a 30 s window over that of a 3 s one: "does not grow with the window". */
const TARGET_GROWTH = 1.25;

type Counts = DStream<[number, number]>;

interface Shape {
  readonly batchMs: number;
  readonly windowMs: number;
  readonly recordsPerBatch: number;
  readonly timedBatches: number;
}

interface Run {
  /** Wall and CPU of the timed batches, in total. */
  readonly span: Span;
  /** Wall time of each timed batch, ms. */
  readonly batchMs: number[];
  /** Checksum of each output batch, every batch (untimed ones included). */
  readonly checksums: number[];
}

/** Seeded uniform keys: xorshift32, one pool of batches per shape. */
function generatePool(recordsPerBatch: number, seed: number): Int32Array[] {
  let x = seed | 0 || 1;
  const pool: Int32Array[] = [];
  for (let b = 0; b < POOL; b++) {
    const keys = new Int32Array(recordsPerBatch);
    for (let i = 0; i < recordsPerBatch; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      keys[i] = (x >>> 0) % KEYS;
    }
    pool.push(keys);
  }
  return pool;
}

/** Order-independent: the sum of a hash of each record. */
function recordHash(key: number, count: number): number {
  return mix32(Math.imul(key, 0x9e3779b1) ^ mix32(count));
}

/** Runs one pipeline for `warmup + timed` batches of `batchMs`; times the last `timed` ones. */
async function runPipeline(
  pool: readonly number[][],
  batchMs: number,
  warmup: number,
  timed: number,
  pipeline: (keys: DStream<number>) => Counts,
): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-w2-'));
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: batchMs, clock });
  // Both pipelines run checkpointed (the inverse window must), so both pay the same metadata writes.
  ssc.checkpoint(dir);
  const checksums: number[] = [];
  pipeline(ssc.inputStream(new ArrayInputDStream(ssc, pool, 2))).foreachRDD((rdd) => {
    let h = 0;
    for (const [k, v] of rdd.collect()) h = (h + recordHash(k, v)) >>> 0;
    checksums.push(h);
  });
  let wake: (() => void) | undefined;
  let failure: string | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type !== 'batchCompleted') return;
    if (event.batch.failureReason !== undefined) failure ??= event.batch.failureReason;
    wake?.();
  });
  ssc.start();
  const batchTimes: number[] = [];
  let start = read();
  for (let i = 0; i < warmup + timed && failure === undefined; i++) {
    if (i === warmup) start = read();
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const t0 = performance.now();
    clock.advance(batchMs);
    await done;
    if (i >= warmup) batchTimes.push(performance.now() - t0);
  }
  const span = since(start);
  await ssc.stop();
  rmSync(dir, { recursive: true, force: true });
  if (failure !== undefined) throw new Error(`W2: a batch failed: ${failure}`);
  return { span, batchMs: batchTimes, checksums };
}

/**
 * The expected checksums, recomputed plainly: for each batch, the counts of the keys of the window's
 * batches counted afresh; with the inverse function every key seen so far is in the output (0 when its
 * values have all left the window), as in Spark.
 */
function expectedChecksums(pool: readonly Int32Array[], numBatches: number, windowBatches: number): number[] {
  const counts = new Int32Array(KEYS);
  const seen = new Uint8Array(KEYS);
  const out: number[] = [];
  for (let b = 0; b < numBatches; b++) {
    counts.fill(0);
    for (let w = Math.max(0, b - windowBatches + 1); w <= b; w++) {
      const keys = pool[w % POOL];
      for (let i = 0; i < keys.length; i++) counts[keys[i]]++;
    }
    for (const k of pool[b % POOL]) seen[k] = 1;
    let h = 0;
    for (let k = 0; k < KEYS; k++)
      if (seen[k] === 1 && (windowBatches > 1 || counts[k] > 0)) h = (h + recordHash(k, counts[k])) >>> 0;
    out.push(h);
  }
  return out;
}

function requireEqual(what: string, expected: readonly number[], actual: readonly number[]): void {
  if (actual.length !== expected.length)
    throw new Error(`W2 ${what}: ${actual.length} outputs, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      throw new Error(`W2 ${what}: output ${i + 1} has checksum ${hex(actual[i])}, expected ${hex(expected[i])}`);
    }
  }
}

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const pairs = (keys: DStream<number>): Counts => keys.map((k): [number, number] => [k, 1]);

interface CaseResult {
  readonly window: Run;
  readonly plain: Run;
  readonly checksum: number;
}

/** The inverse window and the plain per-batch reduceByKey over the same batches, both checked. */
async function compare(shape: Shape, seed: number): Promise<CaseResult> {
  const windowBatches = shape.windowMs / shape.batchMs;
  const numBatches = windowBatches + shape.timedBatches;
  const ints = generatePool(shape.recordsPerBatch, seed);
  const pool = ints.map((a) => Array.from(a));
  const plain = await runPipeline(pool, shape.batchMs, windowBatches, shape.timedBatches, (s) =>
    pairs(s).reduceByKey(add),
  );
  const window = await runPipeline(pool, shape.batchMs, windowBatches, shape.timedBatches, (s) =>
    pairs(s).reduceByKeyAndWindow(add, sub, shape.windowMs, shape.batchMs),
  );
  requireEqual('plain reduceByKey', expectedChecksums(ints, numBatches, 1), plain.checksums);
  const expected = expectedChecksums(ints, numBatches, windowBatches);
  requireEqual(`reduceByKeyAndWindow(+, −, ${shape.windowMs} ms)`, expected, window.checksums);
  let checksum = 0;
  for (const h of expected) checksum = mix32(Math.imul(checksum, 31) + h);
  return { window, plain, checksum };
}

function describeShape(shape: Shape): string {
  return `${shape.windowMs / 1000} s window, slide ${shape.batchMs} ms, ${shape.batchMs} ms batches of ${si(shape.recordsPerBatch)} keys`;
}

function throughputFigure(name: string, shape: Shape, result: CaseResult): Figure {
  const records = shape.timedBatches * shape.recordsPerBatch;
  const rate = (r: Run) => (records / r.span.wallMs) * 1000;
  const perCore = (r: Run) => records / (r.span.cpuUs / 1e6);
  const figure = row('w2', name, rate(result.window), rate(result.plain), TARGET_RATIO, true, 'records/s');
  const slide = median(result.window.batchMs);
  const batch = median(result.plain.batchMs);
  const notes =
    `${describeShape(shape)}, ${KEYS / 1000}k keys uniform (seeded); ${shape.timedBatches} steady slides after the window filled; ` +
    `per slide ${fixed(slide)} ms (median) vs plain batch ${fixed(batch)} ms; window ${si(perCore(result.window))} records/s/core, ` +
    `plain ${si(perCore(result.plain))} records/s/core; peak RSS ${fixed(peakRssMb())} MB; checksum ${hex(result.checksum)} (equal to a recomputation)`;
  console.log(
    `  ${name}: window ${si(rate(result.window))} records/s (${fixed(slide)} ms per slide), ` +
      `plain reduceByKey ${si(rate(result.plain))} records/s (${fixed(batch)} ms per batch): ${verdict(figure)}`,
  );
  return { row: figure, notes };
}

/** Runs W2 and returns its figures. */
export async function w2WindowInverse(options: BenchOptions): Promise<Figure[]> {
  const timed = options.quick ? 10 : 30;
  const long: Shape = { batchMs: 1000, windowMs: 30_000, recordsPerBatch: 500_000, timedBatches: timed };
  const short: Shape = { batchMs: 1000, windowMs: 3000, recordsPerBatch: 500_000, timedBatches: timed };
  const fast: Shape = { batchMs: 100, windowMs: 3000, recordsPerBatch: 50_000, timedBatches: timed * 4 };
  console.log(
    `W2 sliding window with an inverse function: ${KEYS / 1000}k keys uniform (xorshift32, seeded), map([k, 1]).reduceByKeyAndWindow(+, −, window, slide) ` +
      `vs map([k, 1]).reduceByKey(+) per batch; both checkpointed, both checksum their whole output; manual clock, batch after batch; ` +
      `default parallelism (2); generation untimed`,
  );

  const figures: Figure[] = [];
  const longResult = await compare(long, 42);
  figures.push(
    throughputFigure('records/s, reduceByKeyAndWindow(+, −, 30 s, 1 s) vs plain reduceByKey', long, longResult),
  );
  const fastResult = await compare(fast, 43);
  figures.push(
    throughputFigure(
      'records/s, reduceByKeyAndWindow(+, −, 3 s, 100 ms) at 100 ms batches vs plain reduceByKey',
      fast,
      fastResult,
    ),
  );

  // Per-slide cost against the window's length: the same batches through a 3 s and a 30 s window.
  const shortResult = await compare(short, 42);
  const perSlide30 = median(longResult.window.batchMs);
  const perSlide3 = median(shortResult.window.batchMs);
  const growth = row(
    'w2',
    'per-slide cost, 30 s window vs 3 s window (1 s slide)',
    perSlide30,
    perSlide3,
    TARGET_GROWTH,
    false,
    'ms',
  );
  console.log(
    `  per slide: 30 s window ${fixed(perSlide30)} ms, 3 s window ${fixed(perSlide3)} ms (median of ${timed} slides): ${verdict(growth)}`,
  );
  figures.push({
    row: growth,
    notes:
      `1 s batches of 500k keys (100k keys uniform), slide 1 s, ${timed} steady slides each; a window re-scanned at every slide would cost ~10× ` +
      `more at 30 s; checksums ${hex(longResult.checksum)} / ${hex(shortResult.checksum)} (equal to a recomputation); peak RSS ${fixed(peakRssMb())} MB`,
  });
  return figures;
}
