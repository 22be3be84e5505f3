// W1, word count: lines of 12 Zipf-distributed words through flatMap(split).map([w, 1]).reduceByKey(+)
// and a top-10 per batch, fed three ways, each against a hand-fused loop (split + Map count + the same
// top-10) over the same lines brought in the same way:
// - from memory: a queue stream of arrays generated before timing; the loop reads the same arrays;
// - from a directory: the batches written once, before timing, as two files per batch into a directory
//   read by `textFileStream`; the loop reads the same files (read whole, split into lines), so both sides
//   read the files (from the page cache after the warm-up) and the ratio measures the engine, not the
//   disk; the engine's directory listing and file checks per batch are counted on its side only;
// - from a loopback socket: a TCP server in this process serves batch i's lines when asked; the engine
//   reads them with `socketTextStream`, the loop with its own connection to the same server, splitting
//   the chunks into lines itself; both sides include the server's writes and the transfer.
//
// Why a manual clock: the input is ready (or, for the socket, served and received) before each batch's
// time comes; the clock is advanced one batch at a time and the next batch starts as soon as the previous
// one has completed. So the wall time is the engine's own work (generation of each batch's jobs,
// scheduling, listener events, the dataset computation) and nothing of it is idle time waiting for a
// timer, which a system clock would add and which would measure the batch interval rather than the engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DStream, ManualClock, StreamingContext, ZipfTextGenerator } from '../src/index.ts';
import { writeBatchFiles } from './lib/batch-files.ts';
import { type CountSummary, combine, hex, summarizeCounts } from './lib/checksum.ts';
import { fusedFromFiles, fusedFromMemory, fusedFromSocket, type Run } from './lib/fused-word-count.ts';
import { LineServer } from './lib/line-server.ts';
import { fixed, peakRssMb, read, type Span, si, since } from './lib/measure.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { median } from './lib/stats.ts';

const BATCH_MS = 1000;
const LINES_PER_BATCH = 25_000;
const TARGET_RATIO = 0.5;
/** The directory feed's manual clock starts here, a whole number of batches; its files' times follow it. */
const DIRECTORY_ZERO_MS = 1_700_000_000_000;

/** How the engine's lines come in, for one run (one context). */
interface EngineInput {
  readonly zeroMs: number;
  /** The stream of lines on a new context. */
  lines(ssc: StreamingContext): DStream<string>;
  /** After the context has started, before timing (the socket: its connection accepted). */
  started?(): Promise<void>;
  /** Brings batch i's lines in before its time (the socket: serves them and waits until all arrived). */
  beforeBatch?(i: number): Promise<void>;
}

interface Feed {
  /** `from memory`, … */
  readonly name: string;
  /** What the feed and its baseline include, for the notes. */
  readonly detail: string;
  input(): EngineInput;
  fusedLoop(withChecksum: boolean): Promise<Run> | Run;
}

/** The engine: one fresh context per run, on a manual clock advanced batch by batch. */
async function engine(input: EngineInput, numBatches: number, withChecksum: boolean): Promise<Run> {
  const clock = new ManualClock(input.zeroMs);
  const ssc = new StreamingContext({ batchDurationMs: BATCH_MS, clock });
  const summaries: CountSummary[] = [];
  input
    .lines(ssc)
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
  await input.started?.();
  const start = read();
  for (let i = 0; i < numBatches && failure === undefined; i++) {
    await input.beforeBatch?.(i);
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

/** The three feeds over the same batches; `close` removes the directory and stops the server. */
async function feeds(batches: readonly string[][]): Promise<{ all: Feed[]; close: () => Promise<void> }> {
  const n = batches.length;
  const memory: Feed = {
    name: 'from memory',
    detail: 'queue stream of arrays, 2 partitions; loop over the same arrays',
    input: () => ({ zeroMs: 0, lines: (ssc) => ssc.queueStream<string>([...batches], true) }),
    fusedLoop: (withChecksum) => fusedFromMemory(batches, withChecksum),
  };

  const directory = mkdtempSync(join(tmpdir(), 'sluice-w1-'));
  const files = writeBatchFiles(directory, batches, DIRECTORY_ZERO_MS, BATCH_MS, 2);
  const fromDirectory: Feed = {
    name: 'from a directory',
    detail:
      'textFileStream, 2 files (partitions) per batch written before timing; ' +
      'loop reads the same files whole (no listing) and splits lines',
    input: () => ({ zeroMs: DIRECTORY_ZERO_MS, lines: (ssc) => ssc.textFileStream(directory) }),
    fusedLoop: (withChecksum) => fusedFromFiles(files, withChecksum),
  };

  const server = await LineServer.start(batches);
  const fromSocket: Feed = {
    name: 'from a loopback socket',
    detail:
      'socketTextStream from a server in this process sending a batch when asked (1 partition); ' +
      'loop reads its own connection to the same server, splitting chunks into lines; both include the sending',
    input: () => {
      let accepted: Promise<unknown> | undefined;
      let stream: ReturnType<StreamingContext['socketTextStream']> | undefined;
      return {
        zeroMs: 0,
        lines: (ssc) => {
          accepted = server.nextConnection();
          stream = ssc.socketTextStream('127.0.0.1', server.port, { maxRetries: 0 });
          return stream;
        },
        started: async () => {
          await accepted;
        },
        beforeBatch: async (i) => {
          server.send(i);
          await stream?.whenReceived((i + 1) * LINES_PER_BATCH);
        },
      };
    },
    fusedLoop: (withChecksum) => fusedFromSocket(server, n, LINES_PER_BATCH, withChecksum),
  };

  const close = async (): Promise<void> => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  };
  return { all: [memory, fromDirectory, fromSocket], close };
}

/** Runs one feed: a checked warm-up of each side, then `reps` timed runs; returns its figure. */
async function measureFeed(
  feed: Feed,
  reference: readonly CountSummary[],
  words: number,
  reps: number,
  checksum: string,
): Promise<Figure> {
  const n = reference.length;
  // Warm-up run of each, with full checksums: both must count every word as the in-memory loop did.
  requireEqual(`${feed.name}: fused loop`, reference, (await feed.fusedLoop(true)).summaries);
  requireEqual(`${feed.name}: engine`, reference, (await engine(feed.input(), n, true)).summaries);
  console.log(`  ${feed.name}: outputs equal (checksum ${checksum}); ${feed.detail}`);

  const topsOnly = reference.map((x) => ({ ...x, checksum: 0 }));
  const engineRuns: Span[] = [];
  const loopRuns: Span[] = [];
  for (let r = 0; r < reps; r++) {
    const loop = await feed.fusedLoop(false);
    const run = await engine(feed.input(), n, false);
    requireEqual(`${feed.name}: fused loop (timed)`, topsOnly, loop.summaries);
    requireEqual(`${feed.name}: engine (timed)`, topsOnly, run.summaries);
    loopRuns.push(loop.span);
    engineRuns.push(run.span);
    console.log(
      `    run ${r + 1}: engine ${si((words / run.span.wallMs) * 1000)} words/s (${fixed(run.span.cores)} cores), ` +
        `fused loop ${si((words / loop.span.wallMs) * 1000)} words/s (${fixed(loop.span.cores)} cores)`,
    );
  }

  const rate = (spans: Span[]): number => median(spans.map((s) => (words / s.wallMs) * 1000));
  const perCore = (spans: Span[]): number => median(spans.map((s) => words / (s.cpuUs / 1e6)));
  const engineRate = rate(engineRuns);
  const loopRate = rate(loopRuns);
  const figure = row('w1', `words/s, 1 thread, ${feed.name}`, engineRate, loopRate, TARGET_RATIO, true, 'words/s');
  const enginePerCore = perCore(engineRuns);
  const loopPerCore = perCore(loopRuns);
  const perCoreText =
    `engine ${si(enginePerCore)} words/s/core = ${fixed(1e6 / enginePerCore)} core·s per M words, ` +
    `fused loop ${si(loopPerCore)} words/s/core = ${fixed(1e6 / loopPerCore)} core·s per M words`;
  console.log(
    `    engine ${si(engineRate)} words/s vs fused loop ${si(loopRate)} words/s: ${verdict(figure)}; ${perCoreText}`,
  );
  const notes =
    `${feed.name}: ${feed.detail}; manual clock batch after batch; median of ${reps}; ${perCoreText}; ` +
    `peak RSS ${fixed(peakRssMb())} MB; checksum ${checksum} (equal)`;
  return { row: figure, notes };
}

/** Runs W1 (fed from memory, a directory and a loopback socket, one thread) and returns its figures. */
export async function w1WordCount(options: BenchOptions): Promise<Figure[]> {
  const numBatches = options.quick ? 20 : 40;
  const reps = options.quick ? 3 : 5;
  const generator = new ZipfTextGenerator({ seed: 42, vocabularySize: 10_000, exponent: 1.0, wordsPerLine: 12 });
  const generation = read();
  const batches: string[][] = [];
  for (let i = 0; i < numBatches; i++) batches.push(generator.lines(LINES_PER_BATCH, i));
  const words = numBatches * LINES_PER_BATCH * generator.wordsPerLine;
  const reference = fusedFromMemory(batches, true).summaries;
  let sum = 0;
  for (const s of reference) sum = combine(combine(sum, s.checksum), s.total);
  const checksum = hex(sum);
  const { all, close } = await feeds(batches);
  console.log(
    `W1 word count: ${numBatches} batches × ${si(LINES_PER_BATCH)} lines × ${generator.wordsPerLine} words ` +
      `(Zipf s = 1.0 over 10,000 words, seed 42; generated, written to files and encoded in ` +
      `${fixed(since(generation).wallMs / 1000)} s, untimed); per feed ${reps} timed runs after one checked ` +
      `warm-up run; manual clock, batch after batch; default parallelism (2); checksum ${checksum} over ${si(words)} words`,
  );
  const figures: Figure[] = [];
  try {
    for (const feed of all) figures.push(await measureFeed(feed, reference, words, reps, checksum));
  } finally {
    await close();
  }
  return figures;
}
