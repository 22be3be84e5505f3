// W0, per-batch overhead: a rate source of one record per batch through
// map(x => [x % 2, 1]).reduceByKey(+, 2).foreachRDD(count) on the system clock, against an empty
// setInterval loop at the same period, in paired rounds (loop, engine, loop). The engine's CPU per batch
// minus the loop's CPU per tick of the same round is the round's fixed cost of a batch; the case's fixed
// cost is the median over its rounds. The delays come from the batchCompleted listener event.
//
// Rows compare a ratio with a target, so the absolute targets become ratio bounds: fixed cost ≤ 100 µs
// is (loop + fixed cost) / loop ≤ 1 + 100 µs / loop; p99 total delay < 2 × interval is p99 / interval < 2;
// no queue build-up is (median total delay of the last tenth of a round's batches) / (that of the first
// tenth) below 1 + interval / first, i.e. the delay grew by less than one interval in any round.
import { ManualClock, type Rdd, StreamingContext } from '../src/index.ts';
import { combine, hex } from './lib/checksum.ts';
import { fixed, peakRssMb, read, since, sleep } from './lib/measure.ts';
import { RateInputDStream } from './lib/rate-input-dstream.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { median, percentile, periodErrors, slope } from './lib/stats.ts';

const INTERVALS_MS = [100, 10, 5, 2, 1];
const FIXED_COST_TARGET_US = 100;
/** The interval at which the delay targets apply. */
const DELAY_TARGET_INTERVAL_MS = 5;
const JIT_WARMUP_MS = 3000;
/**
 * Contexts the JIT warm-up runs one after another. Optimised code inlines the call targets it has seen;
 * with one warm-up context, the measured context's own closures (its timer callback, its scheduler's hooks)
 * are new targets, the code deoptimises, and a 100 ms case, which runs a few hundred batches, is then
 * measured mostly in the interpreter. After a few contexts the call sites know they see many closures.
 */
const JIT_WARMUP_CONTEXTS = 3;
/** The interval at which a busy loop is also measured, to show the cost of waking up cold. */
const REFERENCE_INTERVAL_MS = 100;
const BACK_TO_BACK_BATCHES = 20_000;
/** Paired rounds (loop, engine, loop) per interval, full and quick. */
const ROUNDS = 6;
const QUICK_ROUNDS = 4;
/**
 * At 100 ms the same time makes more, shorter rounds: a round there holds few batches, and the cost of
 * a cold wake-up on this VM changes within seconds (host contention), so a few long rounds leave the
 * median to chance; more rounds, each pairing its engine with the loop right around it, settle it.
 */
const SLOW_INTERVAL_MS = 100;
const SLOW_ROUNDS = 15;
const QUICK_SLOW_ROUNDS = 6;

function roundsAt(intervalMs: number, quick: boolean): number {
  if (intervalMs >= SLOW_INTERVAL_MS) return quick ? QUICK_SLOW_ROUNDS : SLOW_ROUNDS;
  return quick ? QUICK_ROUNDS : ROUNDS;
}
/** Untimed run at the start of each engine segment (half as long for each loop segment). */
const SEGMENT_WARMUP_MS = 500;

interface LoopResult {
  readonly ticks: number;
  readonly cpuUsPerTick: number;
  readonly cores: number;
  readonly periodErrorMs: Float64Array;
  readonly meanPeriodMs: number;
}

interface EngineResult {
  readonly batches: number;
  readonly expectedBatches: number;
  readonly cpuUsPerBatch: number;
  readonly cores: number;
  readonly totalDelayMs: Float64Array;
  readonly schedulingDelayMs: Float64Array;
  /** Timer tick (batch submission) minus batch time. */
  readonly lateMs: Float64Array;
  readonly periodErrorMs: Float64Array;
  /** Most batches submitted and not yet completed at once. */
  readonly maxBacklog: number;
  /** Total delay growth, ms per s of run. */
  readonly delaySlopeMsPerS: number;
  readonly earlyMedianDelayMs: number;
  readonly lateMedianDelayMs: number;
  /** Records counted by the output operation over the whole run, and batches completed in it. */
  readonly recordsCounted: number;
  readonly totalBatches: number;
  readonly checksum: number;
}

/** Spins for `us` µs of wall time, touching a little memory, as a stand-in for a batch's work. */
function busy(us: number): number {
  const end = performance.now() + us / 1000;
  let x = 0;
  const scratch: number[][] = [];
  while (performance.now() < end) {
    scratch.push([x++, x]);
    if (scratch.length > 64) scratch.length = 0;
  }
  return x;
}

/**
 * An empty setInterval loop (or one that does `busyUs` of work per tick): CPU per tick and period error,
 * after a warm-up.
 */
async function timerLoop(intervalMs: number, warmupMs: number, measureMs: number, busyUs = 0): Promise<LoopResult> {
  const capacity = Math.ceil((warmupMs + measureMs) / intervalMs) * 2 + 100;
  const times = new Float64Array(capacity);
  let n = 0;
  const timer = setInterval(() => {
    if (n < capacity) times[n] = performance.now();
    if (busyUs > 0) busy(busyUs);
    n++;
  }, intervalMs);
  await sleep(warmupMs);
  const n0 = n;
  const start = read();
  await sleep(measureMs);
  const n1 = n;
  const span = since(start);
  clearInterval(timer);
  const ticks = times.subarray(n0, Math.min(n1, capacity));
  return {
    ticks: n1 - n0,
    cpuUsPerTick: span.cpuUs / (n1 - n0),
    cores: span.cores,
    periodErrorMs: periodErrors(ticks, intervalMs),
    meanPeriodMs: (ticks[ticks.length - 1] - ticks[0]) / (ticks.length - 1),
  };
}

function joinLoops(a: LoopResult, b: LoopResult): LoopResult {
  const periodErrorMs = new Float64Array(a.periodErrorMs.length + b.periodErrorMs.length);
  periodErrorMs.set(a.periodErrorMs);
  periodErrorMs.set(b.periodErrorMs, a.periodErrorMs.length);
  const ticks = a.ticks + b.ticks;
  return {
    ticks,
    cpuUsPerTick: (a.cpuUsPerTick * a.ticks + b.cpuUsPerTick * b.ticks) / ticks,
    cores: (a.cores + b.cores) / 2,
    periodErrorMs,
    meanPeriodMs: (a.meanPeriodMs * a.ticks + b.meanPeriodMs * b.ticks) / ticks,
  };
}

// The pipeline's functions are made once, as an application makes them once: every run (a context per
// interval) then calls the same functions, and the compiled code of the warm-up run stays valid.
const byParity = (x: number): [number, number] => [x % 2, 1];
const add = (a: number, b: number): number => a + b;
const output = { recordsCounted: 0, checksum: 0 };
const countBatch = (rdd: Rdd<[number, number]>): void => {
  const n = rdd.count();
  output.recordsCounted += n;
  output.checksum = combine(output.checksum, n);
};

/**
 * CPU per batch of the same pipeline with no idle time between batches: a manual clock advanced as soon
 * as the previous batch completed. What a batch costs when caches and branch predictors are warm, for
 * comparison with the timed cases, where the process sleeps between batches.
 */
async function backToBack(batches: number): Promise<number> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: 1, clock });
  ssc.inputStream(new RateInputDStream(ssc, 1)).map(byParity).reduceByKey(add, 2).foreachRDD(countBatch);
  let wake: (() => void) | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type === 'batchCompleted') wake?.();
  });
  ssc.start();
  const start = read();
  for (let i = 0; i < batches; i++) {
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    clock.advance(1);
    await done;
  }
  const span = since(start);
  await ssc.stop();
  return span.cpuUs / batches;
}

/** The W0 pipeline on the system clock: CPU per batch and delays of the batches completed after a warm-up. */
async function engine(intervalMs: number, warmupMs: number, measureMs: number): Promise<EngineResult> {
  const ssc = new StreamingContext({ batchDurationMs: intervalMs });
  output.recordsCounted = 0;
  output.checksum = 0;
  ssc.inputStream(new RateInputDStream(ssc, 1)).map(byParity).reduceByKey(add, 2).foreachRDD(countBatch);

  const capacity = Math.ceil((warmupMs + measureMs) / intervalMs) + 1000;
  const batchTime = new Float64Array(capacity);
  const submitted = new Float64Array(capacity);
  const started = new Float64Array(capacity);
  const ended = new Float64Array(capacity);
  let submittedCount = 0;
  let completed = 0;
  let measuring = false;
  let maxBacklog = 0;
  let failure: string | undefined;
  // A function listener: the bus hands it every event without looking up a handler by name.
  ssc.addStreamingListener((event) => {
    if (event.type === 'batchSubmitted') {
      submittedCount++;
      if (measuring) maxBacklog = Math.max(maxBacklog, submittedCount - completed);
    } else if (event.type === 'batchCompleted') {
      const b = event.batch;
      if (b.failureReason !== undefined) failure ??= b.failureReason;
      if (completed < capacity) {
        batchTime[completed] = b.batchTime;
        submitted[completed] = b.submissionTime;
        started[completed] = b.processingStartTime ?? Number.NaN;
        ended[completed] = b.processingEndTime ?? Number.NaN;
      }
      completed++;
    }
  });
  ssc.start();
  await sleep(warmupMs);
  const c0 = completed;
  const startReading = read();
  measuring = true;
  await sleep(measureMs);
  const c1 = completed;
  const span = since(startReading);
  measuring = false;
  await ssc.stop();
  if (failure !== undefined) throw new Error(`W0: a batch failed: ${failure}`);

  const end = Math.min(c1, capacity);
  const n = end - c0;
  const totalDelayMs = new Float64Array(n);
  const schedulingDelayMs = new Float64Array(n);
  const lateMs = new Float64Array(n);
  const seconds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = c0 + i;
    totalDelayMs[i] = ended[j] - batchTime[j];
    schedulingDelayMs[i] = started[j] - submitted[j];
    lateMs[i] = submitted[j] - batchTime[j];
    seconds[i] = (batchTime[j] - batchTime[c0]) / 1000;
  }
  const tenth = Math.max(1, Math.floor(n / 10));
  return {
    batches: c1 - c0,
    expectedBatches: measureMs / intervalMs,
    cpuUsPerBatch: span.cpuUs / (c1 - c0),
    cores: span.cores,
    totalDelayMs,
    schedulingDelayMs,
    lateMs,
    periodErrorMs: periodErrors(submitted.subarray(c0, end), intervalMs),
    maxBacklog,
    delaySlopeMsPerS: slope(seconds, totalDelayMs),
    earlyMedianDelayMs: median(totalDelayMs.subarray(0, tenth)),
    lateMedianDelayMs: median(totalDelayMs.subarray(n - tenth)),
    recordsCounted: output.recordsCounted,
    totalBatches: completed,
    checksum: output.checksum,
  };
}

function checkOutput(run: EngineResult, intervalMs: number): void {
  // One record per batch, so one key per batch: the counts must add up to the batches run.
  if (run.recordsCounted !== run.totalBatches) {
    throw new Error(
      `W0 output is wrong at ${intervalMs} ms: ${run.recordsCounted} keys counted in ${run.totalBatches} batches`,
    );
  }
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The rounds of one interval as one run: sums and concatenated samples, CPU per batch weighted by batches,
 * and the queue figures of the round whose delay grew most.
 */
function joinRuns(runs: readonly EngineResult[]): EngineResult {
  const batches = runs.reduce((n, r) => n + r.batches, 0);
  const worst = runs.reduce((w, r) =>
    r.lateMedianDelayMs - r.earlyMedianDelayMs > w.lateMedianDelayMs - w.earlyMedianDelayMs ? r : w,
  );
  return {
    batches,
    expectedBatches: runs.reduce((n, r) => n + r.expectedBatches, 0),
    cpuUsPerBatch: runs.reduce((sum, r) => sum + r.cpuUsPerBatch * r.batches, 0) / batches,
    cores: runs.reduce((sum, r) => sum + r.cores, 0) / runs.length,
    totalDelayMs: concat(runs.map((r) => r.totalDelayMs)),
    schedulingDelayMs: concat(runs.map((r) => r.schedulingDelayMs)),
    lateMs: concat(runs.map((r) => r.lateMs)),
    periodErrorMs: concat(runs.map((r) => r.periodErrorMs)),
    maxBacklog: Math.max(...runs.map((r) => r.maxBacklog)),
    delaySlopeMsPerS: worst.delaySlopeMsPerS,
    earlyMedianDelayMs: worst.earlyMedianDelayMs,
    lateMedianDelayMs: worst.lateMedianDelayMs,
    recordsCounted: runs.reduce((n, r) => n + r.recordsCounted, 0),
    totalBatches: runs.reduce((n, r) => n + r.totalBatches, 0),
    checksum: runs.reduce((c, r) => combine(c, r.checksum), 0),
  };
}

const p50p99 = (xs: Float64Array): string => `${fixed(percentile(xs, 0.5))} / ${fixed(percentile(xs, 0.99))}`;

/** Runs W0 at every interval and returns its figures. */
export async function w0BatchOverhead(options: BenchOptions): Promise<Figure[]> {
  const seconds = options.seconds ?? (options.quick ? 20 : 60);
  const quick = options.quick === true;
  console.log(
    `W0 per-batch overhead: rate source (1 record/batch) → map → reduceByKey(+, 2) → foreachRDD(count), ` +
      `system clock, ${seconds} s per interval in ${roundsAt(1, quick)} rounds (${roundsAt(SLOW_INTERVAL_MS, quick)} at ${SLOW_INTERVAL_MS} ms), each after ${SEGMENT_WARMUP_MS} ms of warm-up; ` +
      `baseline: an empty setInterval loop for as long in each round, half before and half after the engine`,
  );
  // Compile before measuring: without this the slow intervals, which run few batches, would be measured
  // mostly in V8's interpreter, and the order of the cases would change their figures.
  let jitBatches = 0;
  for (let i = 0; i < JIT_WARMUP_CONTEXTS; i++) {
    jitBatches += (await engine(1, 0, JIT_WARMUP_MS / JIT_WARMUP_CONTEXTS)).totalBatches;
  }
  await backToBack(BACK_TO_BACK_BATCHES);
  const hotUs = await backToBack(BACK_TO_BACK_BATCHES);
  console.log(
    `  JIT warm-up: ${jitBatches} batches at 1 ms in ${JIT_WARMUP_CONTEXTS} contexts, untimed; back to back on a manual clock (no sleep between ` +
      `batches, warm caches): ${fixed(hotUs)} µs CPU per batch`,
  );
  const figures: Figure[] = [];
  for (const intervalMs of INTERVALS_MS) {
    // Paired rounds: the cost of waking a process on this VM drifts by tens of µs over minutes, as much as
    // the fixed cost measured, so one long engine run against one long loop run measures the drift. Each
    // round runs the loop, the engine and the loop again for a short while; the fixed cost is the median of
    // the rounds' differences, and its spread across rounds is reported.
    const rounds = roundsAt(intervalMs, quick);
    const segmentMs = (seconds * 1000) / rounds;
    const loops: LoopResult[] = [];
    const runs: EngineResult[] = [];
    const differencesUs = new Float64Array(rounds);
    for (let r = 0; r < rounds; r++) {
      const before = await timerLoop(intervalMs, SEGMENT_WARMUP_MS / 2, segmentMs / 2);
      const run = await engine(intervalMs, SEGMENT_WARMUP_MS, segmentMs);
      const after = await timerLoop(intervalMs, SEGMENT_WARMUP_MS / 2, segmentMs / 2);
      checkOutput(run, intervalMs);
      const loop = joinLoops(before, after);
      loops.push(loop);
      runs.push(run);
      differencesUs[r] = run.cpuUsPerBatch - loop.cpuUsPerTick;
    }
    const loop = loops.reduce(joinLoops);
    const run = joinRuns(runs);
    const fixedCostUs = median(differencesUs);
    const spread = `rounds ${fixed(Math.min(...differencesUs))}–${fixed(Math.max(...differencesUs))} µs`;
    const buildUp = run.lateMedianDelayMs - run.earlyMedianDelayMs >= intervalMs || run.maxBacklog > 2;
    const checksum = `checksum ${hex(run.checksum)}: ${run.recordsCounted} keys counted in ${run.totalBatches} batches`;
    const lines = [
      `  ${intervalMs} ms: ${run.batches} batches of ${fixed(run.expectedBatches)} expected (${fixed(run.batches / seconds)}/s); loop ${loop.ticks} ticks`,
      `    CPU per batch ${fixed(run.cpuUsPerBatch)} µs (${fixed(run.cores)} cores) vs loop ${fixed(loop.cpuUsPerTick)} µs per tick (${fixed(loop.cores)} cores) over ${rounds} rounds; fixed cost, median of the rounds' differences, ${fixed(fixedCostUs)} µs/batch (${spread}; target ≤ ${FIXED_COST_TARGET_US}: ${fixedCostUs <= FIXED_COST_TARGET_US ? 'pass' : 'MISS'})`,
      `    per round, engine − loop µs: ${Array.from(differencesUs, fixed).join(', ')}`,
      `    total delay p50 / p99 ${p50p99(run.totalDelayMs)} ms (${fixed(percentile(run.totalDelayMs, 0.99) / intervalMs)} × interval); scheduling delay p50 / p99 ${p50p99(run.schedulingDelayMs)} ms; timer late p50 / p99 ${p50p99(run.lateMs)} ms`,
      `    period error p50 / p99: engine ${p50p99(run.periodErrorMs)} ms, loop ${p50p99(loop.periodErrorMs)} ms (loop mean period ${fixed(loop.meanPeriodMs)} ms)`,
      `    queue: ${buildUp ? 'BUILT UP' : 'no build-up'} (median total delay first 10 % ${fixed(run.earlyMedianDelayMs)} ms, last 10 % ${fixed(run.lateMedianDelayMs)} ms, trend ${fixed(run.delaySlopeMsPerS)} ms/s, max backlog ${run.maxBacklog})`,
      `    ${checksum}; peak RSS ${fixed(peakRssMb())} MB`,
    ];
    if (intervalMs === REFERENCE_INTERVAL_MS) {
      // How much of the fixed cost is waking a process at all: the same loop doing the engine's own work
      // per batch (its back-to-back cost) as busy work, on the same machine, now.
      const reference = await timerLoop(intervalMs, SEGMENT_WARMUP_MS, segmentMs, hotUs);
      lines.push(
        `    reference: the loop doing ${fixed(hotUs)} µs of busy work per tick costs ${fixed(reference.cpuUsPerTick)} µs per tick ` +
          `(${fixed(reference.cpuUsPerTick - loop.cpuUsPerTick)} µs above the empty loop; the engine's fixed cost is ${fixed(fixedCostUs)} µs)`,
      );
    }
    console.log(lines.join('\n'));

    const common =
      `system clock; ${run.batches} batches; engine ${fixed(run.cores)} cores, loop ${fixed(loop.cores)} cores; ` +
      `total delay p50/p99 ${p50p99(run.totalDelayMs)} ms; period error p99 engine ${fixed(percentile(run.periodErrorMs, 0.99))} ms, loop ${fixed(percentile(loop.periodErrorMs, 0.99))} ms; ` +
      `${buildUp ? 'queue BUILT UP' : 'no queue build-up'} (max backlog ${run.maxBacklog}); peak RSS ${fixed(peakRssMb())} MB; ${checksum}`;
    const cost = row(
      'w0',
      `CPU per batch vs empty setInterval loop, ${intervalMs} ms (fixed cost = value − baseline ≤ ${FIXED_COST_TARGET_US} µs)`,
      loop.cpuUsPerTick + fixedCostUs,
      loop.cpuUsPerTick,
      1 + FIXED_COST_TARGET_US / loop.cpuUsPerTick,
      false,
      'µs CPU/batch',
    );
    figures.push({
      row: cost,
      notes: `fixed cost ${fixed(fixedCostUs)} µs, median of ${rounds} paired rounds (${spread}; back to back, no sleep: ${fixed(hotUs)} µs per batch); ${common}`,
    });
    console.log(`    row: ${verdict(cost)}`);
    if (intervalMs === DELAY_TARGET_INTERVAL_MS) {
      const p99 = row(
        'w0',
        `p99 total delay vs batch interval, ${intervalMs} ms (< 2 × interval)`,
        percentile(run.totalDelayMs, 0.99),
        intervalMs,
        2,
        false,
        'ms',
      );
      const growth = row(
        'w0',
        `median total delay, last vs first 10 % of batches, ${intervalMs} ms (no queue build-up: growth < 1 interval)`,
        run.lateMedianDelayMs,
        run.earlyMedianDelayMs,
        1 + intervalMs / run.earlyMedianDelayMs,
        false,
        'ms',
      );
      figures.push({ row: p99, notes: common }, { row: growth, notes: common });
      console.log(`    row: ${verdict(p99)}\n    row: ${verdict(growth)}`);
    }
  }
  return figures;
}
