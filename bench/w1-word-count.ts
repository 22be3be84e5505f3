// W1, word count fed from memory: lines of 12 Zipf-distributed words through
// flatMap(split).map([w, 1]).reduceByKey(+) and a top-10 per batch, against a hand-fused loop (split +
// Map count + the same top-10) over the same lines.
//
// Why a manual clock: the lines are generated once, before timing, and queued as one array per batch;
// the clock is advanced one batch at a time and the next batch starts as soon as the previous one has
// completed. So the wall time is the engine's own work (generation of each batch's jobs, scheduling,
// listener events, the dataset computation) and nothing of it is idle time waiting for a timer, which a
// system clock would add and which would measure the batch interval rather than the engine.
import { ManualClock, StreamingContext, ZipfTextGenerator } from '../src/index.ts';
import { type CountSummary, combine, hex, summarizeCounts } from './lib/checksum.ts';
import { fixed, peakRssMb, read, type Span, si, since } from './lib/measure.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { median } from './lib/stats.ts';

const BATCH_MS = 1000;
const LINES_PER_BATCH = 25_000;
const TARGET_RATIO = 0.5;

interface Run {
  readonly span: Span;
  readonly summaries: CountSummary[];
}

/** The engine: one fresh context per run, on a manual clock advanced batch by batch. */
async function engine(batches: readonly string[][], withChecksum: boolean): Promise<Run> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: BATCH_MS, clock });
  const summaries: CountSummary[] = [];
  ssc
    .queueStream<string>([...batches], true)
    .flatMap((line) => line.split(' '))
    .map((w): [string, number] => [w, 1])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      summaries.push(summarizeCounts(rdd.collect(), withChecksum));
    });
  let wake: (() => void) | undefined;
  let failure: string | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type !== 'batchCompleted') return;
    if (event.batch.failureReason !== undefined) failure ??= event.batch.failureReason;
    wake?.();
  });
  ssc.start();
  const start = read();
  for (let i = 0; i < batches.length && failure === undefined; i++) {
    const done = new Promise<void>((resolve) => {
      wake = resolve;
    });
    clock.advance(BATCH_MS);
    await done;
  }
  const span = since(start);
  await ssc.stop();
  if (failure !== undefined) throw new Error(`W1: a batch failed: ${failure}`);
  return { span, summaries };
}

/** The baseline: split and count into a Map, batch by batch, then the same top-10. */
function fusedLoop(batches: readonly string[][], withChecksum: boolean): Run {
  const summaries: CountSummary[] = [];
  const start = read();
  for (const lines of batches) {
    const counts = new Map<string, number>();
    for (let i = 0; i < lines.length; i++) {
      const words = lines[i].split(' ');
      for (let j = 0; j < words.length; j++) {
        const w = words[j];
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    summaries.push(summarizeCounts(counts, withChecksum));
  }
  return { span: since(start), summaries };
}

/** Throws unless both runs produced the same per-batch results. */
function requireEqual(what: string, expected: readonly CountSummary[], actual: readonly CountSummary[]): void {
  if (actual.length !== expected.length) {
    throw new Error(`W1 ${what}: ${actual.length} batches, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a.total !== e.total || a.checksum !== e.checksum || a.top.join() !== e.top.join()) {
      throw new Error(
        `W1 ${what}: batch ${i + 1} differs: ${a.total} words, checksum ${hex(a.checksum)}, top ${a.top.join(' ')}; ` +
          `expected ${e.total} words, checksum ${hex(e.checksum)}, top ${e.top.join(' ')}`,
      );
    }
  }
}

/** Runs W1 (fed from memory, one thread) and returns its figure. */
export async function w1WordCount(options: BenchOptions): Promise<Figure[]> {
  const numBatches = options.quick ? 20 : 40;
  const reps = options.quick ? 3 : 5;
  const generator = new ZipfTextGenerator({ seed: 42, vocabularySize: 10_000, exponent: 1.0, wordsPerLine: 12 });
  const generation = read();
  const batches: string[][] = [];
  for (let i = 0; i < numBatches; i++) batches.push(generator.lines(LINES_PER_BATCH, i));
  const words = numBatches * LINES_PER_BATCH * generator.wordsPerLine;
  console.log(
    `W1 word count from memory: ${numBatches} batches × ${si(LINES_PER_BATCH)} lines × ${generator.wordsPerLine} words ` +
      `(Zipf s = 1.0 over 10,000 words, seed 42; generated in ${fixed(since(generation).wallMs / 1000)} s, untimed); ` +
      `${reps} timed runs each after one checked warm-up run; manual clock, batch after batch; default parallelism (2)`,
  );

  // Warm-up run of each, with full checksums: both must count every word alike.
  const reference = fusedLoop(batches, true);
  const checked = await engine(batches, true);
  requireEqual('engine vs fused loop', reference.summaries, checked.summaries);
  let checksum = 0;
  for (const s of reference.summaries) checksum = combine(combine(checksum, s.checksum), s.total);
  console.log(`  outputs equal: checksum ${hex(checksum)} over ${si(words)} words in both`);

  const engineRuns: Span[] = [];
  const loopRuns: Span[] = [];
  for (let r = 0; r < reps; r++) {
    const loop = fusedLoop(batches, false);
    const run = await engine(batches, false);
    const topsOnly = (s: CountSummary[]): CountSummary[] => s.map((x) => ({ ...x, checksum: 0 }));
    requireEqual('fused loop (timed)', topsOnly(reference.summaries), loop.summaries);
    requireEqual('engine (timed)', topsOnly(reference.summaries), run.summaries);
    loopRuns.push(loop.span);
    engineRuns.push(run.span);
    console.log(
      `  run ${r + 1}: engine ${si((words / run.span.wallMs) * 1000)} words/s (${fixed(run.span.cores)} cores), ` +
        `fused loop ${si((words / loop.span.wallMs) * 1000)} words/s (${fixed(loop.span.cores)} cores)`,
    );
  }

  const rate = (spans: Span[]): number => median(spans.map((s) => (words / s.wallMs) * 1000));
  const perCore = (spans: Span[]): number => median(spans.map((s) => words / (s.cpuUs / 1e6)));
  const engineRate = rate(engineRuns);
  const loopRate = rate(loopRuns);
  const figure = row('w1', 'words/s, 1 thread', engineRate, loopRate, TARGET_RATIO, true, 'words/s');
  const enginePerCore = perCore(engineRuns);
  const loopPerCore = perCore(loopRuns);
  const notes =
    `from memory, manual clock batch after batch, 2 partitions; median of ${reps}; engine ${si(enginePerCore)} words/s/core = ${fixed(1e6 / enginePerCore)} core·s per M words, ` +
    `fused loop ${si(loopPerCore)} words/s/core = ${fixed(1e6 / loopPerCore)} core·s per M words; ` +
    `peak RSS ${fixed(peakRssMb())} MB; checksum ${hex(checksum)} (equal)`;
  console.log(
    `  engine ${si(engineRate)} words/s vs fused loop ${si(loopRate)} words/s: ${verdict(figure)}\n` +
      `  per core: engine ${si(enginePerCore)} words/s/core (${fixed(1e6 / enginePerCore)} core·s per M words), ` +
      `fused loop ${si(loopPerCore)} words/s/core (${fixed(1e6 / loopPerCore)} core·s per M words); peak RSS ${fixed(peakRssMb())} MB`,
  );
  return [{ row: figure, notes }];
}
