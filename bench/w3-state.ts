// W3, many-key state: 1 M keys, events spread evenly over them, through mapWithState (count and sum per
// key, 60 s timeout) on the memory store and on the LMDB store, and through updateStateByKey; against a
// bare `Map` get+set loop doing the same update at the same key count in the same run.
//
// The state grows from nothing to most of the 1 M keys over the run, so the batch times of the first and
// the last batches show whether a batch costs in proportion to its events (mapWithState should) or to
// the whole state (updateStateByKey must: Spark's semantics call its function for every key).
//
// Then checkpoint cost (every 10 batches, ∝ keys changed) and kill -9 recovery of 1 M keys (< 2 s), with
// the app in a child process (`checkpointAndRecovery`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  type DStream,
  ManualClock,
  type State,
  StateSpec,
  type StateStoreChoice,
  StreamingContext,
} from '../src/index.ts';
import { TestInputDStream } from '../src/testing/index.ts';
import { combine, hex, mix32 } from './lib/checksum.ts';
import { fixed, peakRssMb, read, type Span, si, since } from './lib/measure.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { median } from './lib/stats.ts';
import { eventsOfBatch, totalsChecksum, type W3EventsConfig } from './lib/w3-events.ts';
import type { W3AppArgs } from './lib/w3-state-app.ts';

const KEYS = 1_000_000;
const BATCH_MS = 1000;
const TIMEOUT_MS = 60_000;
const TARGET_EVENTS_PER_CORE = 1e6;
/** The last batches may take this much longer than the first ones: "independent of the state size". */
const TARGET_GROWTH = 1.5;

type Event = [number, number];
interface Totals {
  readonly count: number;
  readonly sum: number;
}

interface Run {
  readonly name: string;
  readonly span: Span;
  readonly batchMs: number[];
  readonly keys: number;
  readonly checksum: number;
}

/**
 * Batches of events: event n has key n × 3^18 mod 1 M (a permutation of the keys for every million
 * events, so the state fills up to 1 M keys and then each key is updated in turn) and a value 1..100.
 */
function makeBatches(numBatches: number, perBatch: number): Event[][] {
  let n = 0;
  return Array.from({ length: numBatches }, () =>
    Array.from({ length: perBatch }, (): Event => {
      const key = (n * 387_420_489) % KEYS;
      n++;
      return [key, (key % 100) + 1];
    }),
  );
}

function checksumOf(entries: Iterable<readonly [number, Totals]>): { keys: number; checksum: number } {
  let keys = 0;
  let count = 0;
  let sum = 0;
  for (const [, t] of entries) {
    keys++;
    count += t.count;
    sum += t.sum;
  }
  return { keys, checksum: combine(combine(combine(0, keys), count), sum % 2 ** 31) };
}

/** The baseline: one Map, the same update per event, batch after batch. */
function mapLoop(batches: readonly Event[][]): Run {
  const state = new Map<number, Totals>();
  const batchMs: number[] = [];
  const start = read();
  for (const events of batches) {
    const t0 = performance.now();
    for (let i = 0; i < events.length; i++) {
      const [key, value] = events[i];
      const old = state.get(key);
      state.set(key, old === undefined ? { count: 1, sum: value } : { count: old.count + 1, sum: old.sum + value });
    }
    batchMs.push(performance.now() - t0);
  }
  const span = since(start);
  return { name: 'Map loop', span, batchMs, ...checksumOf(state) };
}

const countAndSum = (_key: number, value: number | undefined, state: State<Totals>): number => {
  if (state.isTimingOut()) return 0;
  const old = state.getOption();
  const next =
    old === undefined ? { count: 1, sum: value ?? 0 } : { count: old.count + 1, sum: old.sum + (value ?? 0) };
  state.update(next);
  return next.count;
};

const addUp = (values: number[], state: Totals | undefined): Totals => {
  if (values.length === 0 && state !== undefined) return state;
  let count = state?.count ?? 0;
  let sum = state?.sum ?? 0;
  for (const v of values) {
    count++;
    sum += v;
  }
  return { count, sum };
};

/** One engine run on a manual clock, batch after batch; the state is read back once, in a batch after the timed ones. */
async function engine(
  name: string,
  batches: readonly Event[][],
  build: (input: DStream<Event>) => DStream<[number, Totals]>,
): Promise<Run> {
  const clock = new ManualClock(0);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-w3-'));
  const ssc = new StreamingContext({ batchDurationMs: BATCH_MS, clock, defaultParallelism: 2 });
  ssc.checkpoint(dir);
  let result = { keys: 0, checksum: 0 };
  // One more, empty batch reads the state back, so reading 1 M entries is not timed as a batch of the run.
  const readBack = (batches.length + 1) * BATCH_MS;
  build(ssc.inputStream(new TestInputDStream<Event>(ssc, [...batches, []], 2))).foreachRDD((rdd, time) => {
    if (time === readBack) result = checksumOf(rdd.collect());
  });
  const batchMs: number[] = [];
  let wake: (() => void) | undefined;
  let failure: string | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type !== 'batchCompleted') return;
    if (event.batch.failureReason !== undefined) failure ??= event.batch.failureReason;
    batchMs.push(event.batch.processingDelayMs ?? 0);
    wake?.();
  });
  ssc.start();
  const start = read();
  let span: Span | undefined;
  for (let i = 0; i <= batches.length && failure === undefined; i++) {
    if (i === batches.length) span = since(start);
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    clock.advance(BATCH_MS);
    await done;
  }
  await ssc.stop();
  rmSync(dir, { recursive: true, force: true });
  if (failure !== undefined || span === undefined) throw new Error(`W3 ${name}: a batch failed: ${failure}`);
  return { name, span, batchMs: batchMs.slice(0, batches.length), ...result };
}

function mapWithStateRun(batches: readonly Event[][], store: StateStoreChoice): Promise<Run> {
  return engine(`mapWithState (${String(store)})`, batches, (input) => {
    const spec = StateSpec.function(countAndSum).timeout(TIMEOUT_MS).numPartitions(2).stateStore(store);
    const mapped = input.mapWithState(spec);
    // The mapped records are computed every batch (the job below counts them); the snapshot is read
    // only after the last batch.
    mapped.foreachRDD((rdd) => {
      rdd.count();
    });
    return mapped.stateSnapshots();
  });
}

function updateStateByKeyRun(batches: readonly Event[][]): Promise<Run> {
  return engine('updateStateByKey (memory)', batches, (input) => {
    const state = input.updateStateByKey(addUp, 2);
    state.foreachRDD((rdd) => {
      rdd.count();
    });
    return state;
  });
}

/** Early and late batch times: the median of the second and third tenths, and of the last tenth. */
function growth(batchMs: readonly number[]): { early: number; late: number } {
  const tenth = Math.max(1, Math.floor(batchMs.length / 10));
  return {
    early: median(batchMs.slice(tenth, Math.max(tenth + 1, 3 * tenth))),
    late: median(batchMs.slice(batchMs.length - tenth)),
  };
}

function describeRun(run: Run, events: number): string {
  const { early, late } = growth(run.batchMs);
  return (
    `${run.name}: ${si((events / run.span.wallMs) * 1000)} events/s, ${si(events / (run.span.cpuUs / 1e6))} events/s/core ` +
    `(${fixed(run.span.cores)} cores); batch time early ${fixed(early)} ms, late ${fixed(late)} ms; ${si(run.keys)} keys`
  );
}

/** One line the recovery app printed (see `bench/lib/w3-state-app.ts`). */
interface AppLine {
  readonly event: string;
  readonly time?: number;
  readonly kind?: string;
  readonly entries?: number;
  readonly durationMs?: number;
  readonly keys?: number;
  readonly checksum?: number;
  readonly restoredFrom?: number | null;
  readonly restoreMs?: number;
  readonly rescheduled?: number;
}

interface AppRun {
  readonly lines: AppLine[];
  /** From just before the spawn to the first completed batch, as the parent sees it. */
  readonly firstBatchMs: number;
  readonly killed: boolean;
}

const APP = fileURLToPath(new URL('./lib/w3-state-app.ts', import.meta.url));
const NODE = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));

/**
 * Runs the recovery app until it is done or, with `killAt`, until batch `killAt` has completed: then it
 * is killed with SIGKILL, whatever it is doing (its completion checkpoint may be half written).
 */
function runApp(args: W3AppArgs, killAt?: number): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const lines: AppLine[] = [];
    let firstBatchMs = Number.NaN;
    let killed = false;
    const start = performance.now();
    const child = spawn(NODE, [APP, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as AppLine;
      lines.push(line);
      if (line.event === 'batch' && Number.isNaN(firstBatchMs)) firstBatchMs = performance.now() - start;
      if (line.event !== 'waiting') return;
      if (killAt !== undefined && line.time === killAt * BATCH_MS) {
        killed = child.kill('SIGKILL');
      } else child.stdin.write('next\n');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 || (killed && signal === 'SIGKILL')) resolve({ lines, firstBatchMs, killed });
      else reject(new Error(`W3 recovery app exited with ${code ?? signal}`));
    });
  });
}

/** Every key's totals after batches 1‥`batches`, recomputed from the input without the engine. */
function recompute(args: W3AppArgs): { keys: number; checksum: number } {
  const counts = new Float64Array(args.keys);
  const sums = new Float64Array(args.keys);
  for (let k = 1; k <= args.batches; k++) {
    for (const [key, value] of eventsOfBatch(args, args.perBatch, k)) {
      counts[key]++;
      sums[key] += value;
    }
  }
  return totalsChecksum(
    (function* () {
      for (let key = 0; key < args.keys; key++) {
        if (counts[key] > 0) yield [key, { count: counts[key], sum: sums[key] }] as const;
      }
    })(),
  );
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Checkpoint cost and kill -9 recovery (RELIABILITY.md S1) at 1 M keys: the app fills the state with every
 * key in the first checkpoint interval (full checkpoint), then alternates intervals that update 10 k keys
 * and every key (delta checkpoints of 10 k and 1 M entries); the parent kills it at a seeded random batch
 * after the second checkpoint, starts it again on the same directory, lets it finish, and checks every
 * key's totals against a recomputation from the input.
 */
async function checkpointAndRecovery(): Promise<Figure[]> {
  const config: W3EventsConfig = { keys: KEYS, interval: 10, fewKeys: 10_000 };
  const batches = 40;
  // No key idles for the 60 s timeout, so the recomputation needs no timeouts.
  if (batches * BATCH_MS > TIMEOUT_MS) throw new Error('W3 recovery: the run must end before any key can time out');
  const seed = 3;
  const killAt = 2 * config.interval + 2 + (mix32(seed) % (2 * config.interval - 3));
  const dir = mkdtempSync(join(tmpdir(), 'sluice-w3-recovery-'));
  const args: W3AppArgs = { ...config, dir, perBatch: config.keys / config.interval, batches };
  console.log(
    `W3 checkpoint and recovery: ${batches} batches × ${si(args.perBatch)} events over ${si(config.keys)} keys, ` +
      `state checkpoint every ${config.interval} batches; intervals alternate ${si(config.fewKeys)} and ${si(config.keys)} keys updated; ` +
      `SIGKILL after batch ${killAt} (seed ${seed}), then restart from the checkpoint directory`,
  );
  let first: AppRun;
  let second: AppRun;
  try {
    first = await runApp(args, killAt);
    if (!first.killed) throw new Error('W3 recovery: the app finished before it could be killed');
    second = await runApp(args);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const expected = recompute(args);
  const state = second.lines.find((l) => l.event === 'state');
  if (state === undefined || state.keys !== expected.keys || state.checksum !== expected.checksum) {
    throw new Error(
      `W3 recovery: the state after the restart (${state?.keys} keys, ${hex(state?.checksum ?? 0)}) differs from the recomputation (${expected.keys} keys, ${hex(expected.checksum)})`,
    );
  }
  const ready = second.lines.find((l) => l.event === 'ready');
  const checkpoints = [...first.lines, ...second.lines].filter((l) => l.event === 'checkpoint');
  const ms = (kind: string, entries: number) =>
    checkpoints.filter((c) => c.kind === kind && c.entries === entries).map((c) => c.durationMs ?? 0);
  const full = ms('full', config.keys);
  const few = ms('delta', config.fewKeys);
  const many = ms('delta', config.keys);
  if (few.length === 0 || many.length === 0 || full.length === 0) {
    throw new Error(`W3 recovery: expected full, 10 k and 1 M checkpoints, got ${JSON.stringify(checkpoints)}`);
  }
  const perKeyUs = (xs: number[], keys: number) => fixed((mean(xs) / keys) * 1000);
  const list = checkpoints.map((c) => `${c.kind} ${si(c.entries ?? 0)} ${fixed(c.durationMs ?? 0)} ms`).join(', ');
  console.log(`  state checkpoints: ${list}`);
  console.log(
    `  per changed key: ${perKeyUs(few, config.fewKeys)} µs at ${si(config.fewKeys)}, ${perKeyUs(many, config.keys)} µs at ${si(config.keys)} (full: ${perKeyUs(full, config.keys)} µs)`,
  );
  const restart =
    `killed after batch ${killAt}; restarted from the metadata checkpoint of batch ${(ready?.restoredFrom ?? 0) / BATCH_MS}, ` +
    `${ready?.rescheduled} batch(es) run again; building the program and restoring the state ${fixed(ready?.restoreMs ?? 0)} ms`;
  console.log(
    `  recovery: ${fixed(second.firstBatchMs)} ms from process start to the first batch after restart (fresh start: ${fixed(first.firstBatchMs)} ms); ${restart}`,
  );
  console.log(
    `  state after the restart equals the recomputation: ${si(expected.keys)} keys, ${hex(expected.checksum)}`,
  );

  const proportional = row(
    'w3',
    `state checkpoint time, ${si(config.fewKeys)} keys changed vs ${si(config.keys)} keys changed, 1 M-key state (∝ keys changed: ≤ 0.05, five times the key ratio)`,
    mean(few),
    mean(many),
    (5 * config.fewKeys) / config.keys,
    false,
    'ms',
  );
  const recovery = row(
    'w3',
    'kill -9 recovery of 1 M keys: process start to first batch after restart, vs a fresh start (< 2 s)',
    second.firstBatchMs,
    first.firstBatchMs,
    2000 / first.firstBatchMs,
    false,
    'ms',
  );
  console.log(`  checkpoint cost ${verdict(proportional)}; recovery ${verdict(recovery)}`);
  const checked = `state after restart equals the recomputation (${si(expected.keys)} keys, checksum ${hex(expected.checksum)})`;
  return [
    {
      row: proportional,
      notes: `checkpoints (kind, entries, ms): ${list}; per changed key ${perKeyUs(few, config.fewKeys)} µs at 10 k, ${perKeyUs(many, config.keys)} µs at 1 M; ${checked}`,
    },
    { row: recovery, notes: `${restart}; ${checked}` },
  ];
}

/** Runs W3 (throughput, then checkpoint cost and recovery) and returns its figures. */
export async function w3State(options: BenchOptions): Promise<Figure[]> {
  const numBatches = options.quick ? 10 : 20;
  const perBatch = options.quick ? 200_000 : 250_000;
  const lmdbBatches = options.quick ? 4 : 10;
  const batches = makeBatches(numBatches, perBatch);
  const events = numBatches * perBatch;
  console.log(
    `W3 many-key state: ${numBatches} batches × ${si(perBatch)} events, each million events a permutation of ${si(KEYS)} keys, ` +
      `count and sum per key; manual clock, batch after batch; 2 state partitions; lmdb on the first ${lmdbBatches} batches`,
  );

  const loop = mapLoop(batches);
  const mws = await mapWithStateRun(batches, 'memory');
  if (mws.keys !== loop.keys || mws.checksum !== loop.checksum) {
    throw new Error(
      `W3: mapWithState state differs from the Map loop: ${mws.keys} keys ${hex(mws.checksum)} vs ${loop.keys} keys ${hex(loop.checksum)}`,
    );
  }
  const usbk = await updateStateByKeyRun(batches);
  if (usbk.keys !== loop.keys || usbk.checksum !== loop.checksum) {
    throw new Error(`W3: updateStateByKey state differs from the Map loop: ${usbk.keys} keys vs ${loop.keys}`);
  }
  const lmdbInput = batches.slice(0, lmdbBatches);
  const lmdbEvents = lmdbBatches * perBatch;
  const lmdb = await mapWithStateRun(lmdbInput, 'lmdb');
  const lmdbLoop = mapLoop(lmdbInput);
  if (lmdb.keys !== lmdbLoop.keys || lmdb.checksum !== lmdbLoop.checksum) {
    throw new Error(`W3: mapWithState on lmdb differs from the Map loop: ${lmdb.keys} keys vs ${lmdbLoop.keys}`);
  }
  for (const [run, n] of [
    [loop, events],
    [mws, events],
    [usbk, events],
    [lmdb, lmdbEvents],
  ] as const) {
    console.log(`  ${describeRun(run, n)}`);
  }
  console.log(`  batch times (ms), mapWithState: ${mws.batchMs.map((t) => fixed(t)).join(' ')}`);
  console.log(`  batch times (ms), updateStateByKey: ${usbk.batchMs.map((t) => fixed(t)).join(' ')}`);

  const perCore = (run: Run, n: number) => n / (run.span.cpuUs / 1e6);
  const loopPerCore = perCore(loop, events);
  const mwsPerCore = perCore(mws, events);
  const checksum = `checksum ${hex(loop.checksum)} over ${si(loop.keys)} keys (equal in every run)`;
  const notes =
    `${describeRun(mws, events)}; ${describeRun(usbk, events)}; ${describeRun(lmdb, lmdbEvents)}; ` +
    `${describeRun(loop, events)}; peak RSS ${fixed(peakRssMb())} MB; ${checksum}`;
  const throughput = row(
    'w3',
    'mapWithState events/s/core at 1 M keys, memory store, vs Map get+set (target ≥ 1 M events/s/core)',
    mwsPerCore,
    loopPerCore,
    TARGET_EVENTS_PER_CORE / loopPerCore,
    true,
    'events/s/core',
  );
  const { early, late } = growth(mws.batchMs);
  const flat = row(
    'w3',
    `mapWithState batch time, last vs early batches as state grows to ${si(mws.keys)} keys (≤ ${TARGET_GROWTH} ×)`,
    late,
    early,
    TARGET_GROWTH,
    false,
    'ms',
  );
  console.log(`  ${verdict(throughput)}; batch time growth ${verdict(flat)}`);
  return [
    { row: throughput, notes },
    {
      row: flat,
      notes: `${perBatch} events per batch; batch times ${mws.batchMs.map((t) => fixed(t)).join(' ')} ms; ${checksum}`,
    },
    ...(await checkpointAndRecovery()),
  ];
}
