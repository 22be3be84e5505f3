// W5, Kafka → Kafka: the Yahoo streaming benchmark's logic without Redis, on the repository's broker.
// Ad events (JSON) are parsed, views kept, each ad mapped to its campaign through a 1,000-entry table, and
// views counted per campaign and 10 s event-time window; the counts go to an output topic through
// `kafkaSink`. A stateless variant parses, keeps views and writes each one's (ad, campaign, time).
//
// Windows are event-time, as Yahoo's: a view counts in the window of its event_time, whatever batch reads
// it. As in Yahoo's Spark job, which added each batch's counts to Redis (HINCRBY), every batch writes its
// own count of each (campaign, window) it saw, keyed `campaign|windowStart`: the topic is the Redis of the
// original, a window's count is the sum of its records, and a window's latency is the time its last count
// was written minus the window's end. The check sums the output topic per key and compares it with a
// straightforward computation over the input.
//
// Throughput: the input is produced once, before timing, into a 4-partition topic; every run reads all of
// it from the earliest offsets with a fresh consumer group and writes a fresh output topic. The engine runs
// on a manual clock advanced as soon as a batch completes, with one more batch always generated ahead (its
// records are fetched while the previous batch runs, as they are under a system clock that keeps up), and
// `maxRatePerPartition` fixes each batch's size. The baseline is the same client library's plain loop:
// `Consumer.consume` from the earliest offsets (1 MiB fetch answers, as the engine's), every record's value
// sent as it is to an output topic by a `Producer` with the sink's settings (acks from all replicas,
// idempotent), in chunks of 1,000 with one send in flight while the next chunk is read. The three run in
// turn, in a rotating order, four rounds; the first round warms up the JIT and is not counted; each figure
// is the median of the other three.
//
// Latency: the engine on the system clock at 10 ms batches, fed live by a process of its own producing
// events at a steady rate with event_time = the time it made them. A count is written when the sink's send
// is acknowledged. The row is the time the last count of a whole window was written minus the window's end;
// also reported are, per campaign window, the time from its last view's event time to its final count, and
// the batches' delays.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Consumer, ProduceAcks, Producer } from '@platformatic/kafka';
import { type KafkaDirectStream, kafkaSink, ManualClock, StreamingContext } from '../src/index.ts';
import { hex } from './lib/checksum.ts';
import { fixed, peakRssMb, read, type Span, si, since } from './lib/measure.ts';
import { type BenchOptions, type Figure, row, verdict } from './lib/report.ts';
import { percentile } from './lib/stats.ts';
import {
  type AdEvent,
  AdEventGenerator,
  type AdTables,
  adTables,
  countDifferences,
  countsChecksum,
  referenceCounts,
  textsChecksum,
  WINDOW_MS,
  windowKey,
} from './lib/w5-ad-events.ts';
import { BenchKafka, bootstrapServers, brokerCpuUs, requireBroker } from './lib/w5-kafka-io.ts';

const PARTITIONS = 4;
const SEED = 2015;
/** Nominal rate of the pre-produced input's event times: 1 M events span 50 s, five windows. */
const INPUT_EVENT_RATE = 20_000;
/** Throughput runs: logical batch duration and the per-partition cap that makes each batch 20 k events. */
const THROUGHPUT_BATCH_MS = 100;
const MAX_RATE_PER_PARTITION = 50_000;
/** Records per `send` of the raw loop (1,000, 2,000 and 5,000 tried: 1,000 was fastest). */
const RAW_CHUNK = 1_000;
/**
 * Bytes per fetch answer of the raw loop: the engine's default (Kafka's max.partition.fetch.bytes). The
 * client's own default (50 MB per answer) makes it decode large answers slowly (see bench/RESULTS.md).
 */
const FETCH_BYTES = 1024 * 1024;
const LATENCY_BATCH_MS = 10;
const LATENCY_TARGET_MS = 50;
const THROUGHPUT_TARGET = 0.7;

type CaseName = 'raw' | 'yahoo' | 'stateless';

interface ThroughputRun {
  readonly events: number;
  readonly span: Span;
  readonly brokerCpuUs: number | undefined;
  readonly batches: number;
  readonly outputRecords: number;
  readonly checksum: number;
}

const add = (a: number, b: number): number => a + b;

function brokerSince(start: number | undefined): number | undefined {
  const end = brokerCpuUs();
  return start === undefined || end === undefined ? undefined : end - start;
}

/** The Yahoo pipeline or the stateless one, on `stream`, into `output`. */
function pipeline(
  variant: 'yahoo' | 'stateless',
  stream: KafkaDirectStream<string, AdEvent>,
  output: string,
  tables: AdTables,
  onWritten?: (keys: readonly string[], time: number) => void,
): void {
  const campaignOf = tables.campaignOfAd;
  const views = stream.map((r) => r.value as AdEvent).filter((e) => e.event_type === 'view');
  if (variant === 'yahoo') {
    const sink = kafkaSink<[string, number], string, string>({
      bootstrapServers,
      topic: output,
      keyOf: ([key]) => key,
      valueFrom: ([, count]) => String(count),
    });
    views
      .map((e): [string, number] => [windowKey(campaignOf.get(e.ad_id) as string, Number(e.event_time)), 1])
      .reduceByKey(add)
      .foreachRDD(async (rdd, time, op) => {
        await sink(rdd, time, op);
        if (onWritten !== undefined) onWritten(rdd.keys().collect(), Date.now());
      });
  } else {
    const sink = kafkaSink<{ ad_id: string; campaign_id: string; event_time: string }>({
      bootstrapServers,
      topic: output,
      valueCodec: 'json',
    });
    views
      .map((e) => ({ ad_id: e.ad_id, campaign_id: campaignOf.get(e.ad_id) as string, event_time: e.event_time }))
      .foreachRDD(sink);
  }
}

/** The engine reads the whole input on a manual clock, one batch ahead, and writes `output`. */
async function engineRun(
  variant: 'yahoo' | 'stateless',
  input: string,
  output: string,
  total: number,
  tables: AdTables,
  run: string,
): Promise<Omit<ThroughputRun, 'outputRecords' | 'checksum'>> {
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs: THROUGHPUT_BATCH_MS, clock });
  const stream = ssc.kafkaDirectStream<string, AdEvent>({
    bootstrapServers,
    topics: [input],
    groupId: `sluice_bench_w5_${variant}_${run}`,
    startingOffsets: 'earliest',
    maxRatePerPartition: MAX_RATE_PER_PARTITION,
    valueCodec: 'json',
  });
  pipeline(variant, stream, output, tables);
  let records = 0;
  let batches = 0;
  let failure: string | undefined;
  let finish: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  ssc.addStreamingListener((event) => {
    if (event.type === 'streamingStopped' && event.error !== undefined) {
      failure ??= String(event.error);
      finish?.();
    }
    if (event.type !== 'batchCompleted') return;
    batches++;
    records += event.batch.numRecords;
    if (event.batch.failureReason !== undefined) failure ??= event.batch.failureReason;
    if (records >= total || failure !== undefined) finish?.();
    else clock.advance(THROUGHPUT_BATCH_MS);
  });
  const broker = brokerCpuUs();
  const start = read();
  ssc.start();
  clock.advance(THROUGHPUT_BATCH_MS);
  clock.advance(THROUGHPUT_BATCH_MS);
  await finished;
  const span = since(start);
  const brokerUs = brokerSince(broker);
  await ssc.stop();
  if (failure !== undefined) throw new Error(`W5 ${variant}: the engine failed: ${failure}`);
  if (records !== total) throw new Error(`W5 ${variant}: the engine read ${records} records of ${total}`);
  return { events: records, span, brokerCpuUs: brokerUs, batches };
}

/** The baseline: the client library's consume → produce loop, values sent unchanged, no processing. */
async function rawRun(
  input: string,
  output: string,
  total: number,
  run: string,
): Promise<Omit<ThroughputRun, 'outputRecords' | 'checksum'>> {
  const consumer = new Consumer({
    clientId: 'sluice-bench-w5-raw',
    bootstrapBrokers: [bootstrapServers],
    groupId: `sluice_bench_w5_raw_${run}`,
    autocommit: false,
  });
  const producer = new Producer({
    clientId: 'sluice-bench-w5-raw',
    bootstrapBrokers: [bootstrapServers],
    acks: ProduceAcks.ALL,
    idempotent: true,
  });
  const broker = brokerCpuUs();
  const start = read();
  let n = 0;
  let sends = 0;
  try {
    const stream = await consumer.consume({
      topics: [input],
      mode: 'earliest',
      autocommit: false,
      isolationLevel: 1,
      maxBytes: FETCH_BYTES,
      maxBytesPerPartition: FETCH_BYTES,
    });
    let chunk: { topic: string; value: Buffer }[] = [];
    // One send in flight while the next chunk is read: consuming and producing overlap.
    let inFlight: Promise<unknown> | undefined;
    for await (const message of stream) {
      chunk.push({ topic: output, value: message.value });
      n++;
      if (chunk.length >= RAW_CHUNK || n === total) {
        await inFlight;
        inFlight = producer.send({ messages: chunk });
        sends++;
        chunk = [];
      }
      if (n === total) break;
    }
    await inFlight;
    const span = since(start);
    const brokerUs = brokerSince(broker);
    return { events: n, span, brokerCpuUs: brokerUs, batches: sends };
  } finally {
    await consumer.close(true);
    await producer.close();
  }
}

/** Reads the output topic back and checks it against the input: throws on any difference. */
async function check(
  kafka: BenchKafka,
  name: CaseName,
  output: string,
  expected: { counts: Map<string, number>; views: number; viewTexts: number; inputTexts: number; events: number },
): Promise<{ outputRecords: number; checksum: number }> {
  const records = await kafka.readAll(output);
  if (name === 'yahoo') {
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.key as string, (counts.get(r.key as string) ?? 0) + Number(r.value));
    const diff = countDifferences(expected.counts, counts);
    if (diff.length > 0) throw new Error(`W5 yahoo: window counts differ from the reference: ${diff.join('; ')}`);
    return { outputRecords: records.length, checksum: countsChecksum(counts) };
  }
  const checksum = textsChecksum(records.map((r) => r.value));
  const want = name === 'stateless' ? expected.views : expected.events;
  const wantSum = name === 'stateless' ? expected.viewTexts : expected.inputTexts;
  if (records.length !== want || checksum !== wantSum) {
    throw new Error(
      `W5 ${name}: the output holds ${records.length} records (checksum ${hex(checksum)}), expected ${want} (${hex(wantSum)})`,
    );
  }
  return { outputRecords: records.length, checksum };
}

const perCore = (run: ThroughputRun): number => run.events / (run.span.cpuUs / 1e6);
const rate = (run: ThroughputRun): number => run.events / (run.span.wallMs / 1000);
/** Cores × seconds per million events, of this process and of the broker. */
function coreSeconds(run: ThroughputRun): string {
  const own = run.span.cpuUs / run.events;
  const broker = run.brokerCpuUs === undefined ? 'n/a' : fixed(run.brokerCpuUs / run.events);
  return `${fixed(own)} + broker ${broker} core·s per M events`;
}

function medianRun(runs: readonly ThroughputRun[]): ThroughputRun {
  const sorted = [...runs].sort((a, b) => rate(a) - rate(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

interface LatencyResult {
  /** Per whole window: the time the last of its counts was acknowledged, minus the window's end. */
  readonly windowMs: Float64Array;
  /** Per campaign and whole window: the time its last count was acknowledged, minus its last view's event time. */
  readonly lastViewMs: Float64Array;
  readonly batchDelayMs: Float64Array;
  readonly batches: number;
  readonly maxBacklog: number;
  readonly sent: number;
  readonly producerCpuUs: number;
  readonly span: Span;
  readonly brokerCpuUs: number | undefined;
  readonly checksum: number;
  readonly outputRecords: number;
}

/** Runs the live producer process; resolves with what it printed. */
function liveProducer(
  topic: string,
  eventsPerSecond: number,
  seconds: number,
): Promise<{ sent: number; cpuUs: number; wallMs: number }> {
  const script = fileURLToPath(new URL('./lib/w5-live-producer.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [...process.execArgv, script, topic, String(PARTITIONS), String(eventsPerSecond), String(seconds), String(SEED)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`W5: the live producer exited with code ${code}`));
      else resolve(JSON.parse(out.trim()));
    });
  });
}

async function latencyRun(
  kafka: BenchKafka,
  tables: AdTables,
  eventsPerSecond: number,
  seconds: number,
): Promise<LatencyResult> {
  const input = await kafka.topic('live_in', PARTITIONS);
  const output = await kafka.topic('live_out', PARTITIONS);
  const ssc = new StreamingContext({ batchDurationMs: LATENCY_BATCH_MS });
  const stream = ssc.kafkaDirectStream<string, AdEvent>({
    bootstrapServers,
    topics: [input],
    groupId: `sluice_bench_w5_live_${process.pid}`,
    startingOffsets: 'earliest',
    valueCodec: 'json',
  });
  const lastWrite = new Map<string, number>();
  pipeline('yahoo', stream, output, tables, (keys, at) => {
    for (const k of keys) lastWrite.set(k, at);
  });
  const delays: number[] = [];
  let records = 0;
  let submitted = 0;
  let completed = 0;
  let maxBacklog = 0;
  let failure: string | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type === 'batchSubmitted') {
      submitted++;
      maxBacklog = Math.max(maxBacklog, submitted - completed);
    }
    if (event.type !== 'batchCompleted') return;
    completed++;
    const b = event.batch;
    records += b.numRecords;
    if (b.failureReason !== undefined) failure ??= b.failureReason;
    if (b.processingEndTime !== undefined) delays.push(b.processingEndTime - b.batchTime);
  });
  const broker = brokerCpuUs();
  ssc.start();
  const start = read();
  const producerStart = Date.now();
  const produced = await liveProducer(input, eventsPerSecond, seconds);
  // Let the engine read what is left, then stop.
  const deadline = Date.now() + 10_000;
  while (records < produced.sent && failure === undefined && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const span = since(start);
  const brokerUs = brokerSince(broker);
  await ssc.stop();
  if (failure !== undefined) throw new Error(`W5 latency: a batch failed: ${failure}`);
  if (records !== produced.sent) throw new Error(`W5 latency: the engine read ${records} of ${produced.sent} events`);

  const inputTexts = (await kafka.readAll(input)).map((r) => r.value);
  const expected = referenceCounts(inputTexts, tables);
  const outputRecords = await kafka.readAll(output);
  const counts = new Map<string, number>();
  for (const r of outputRecords) counts.set(r.key as string, (counts.get(r.key as string) ?? 0) + Number(r.value));
  const diff = countDifferences(expected, counts);
  if (diff.length > 0) throw new Error(`W5 latency: window counts differ from the reference: ${diff.join('; ')}`);

  // The event time of each campaign window's last view.
  const lastView = new Map<string, number>();
  for (const text of inputTexts) {
    const e = JSON.parse(text) as AdEvent;
    if (e.event_type !== 'view') continue;
    const key = windowKey(tables.campaignOfAd.get(e.ad_id) as string, Number(e.event_time));
    lastView.set(key, Math.max(lastView.get(key) ?? 0, Number(e.event_time)));
  }
  // Windows wholly inside the production, after its first second (connections, JIT).
  const firstWindow = Math.ceil((producerStart + 1000) / WINDOW_MS) * WINDOW_MS;
  const lastEnd = producerStart + produced.wallMs;
  const windowDone = new Map<number, number>();
  const lastViewMs: number[] = [];
  for (const [key, at] of lastWrite) {
    const windowStart = Number(key.slice(key.lastIndexOf('|') + 1));
    if (windowStart < firstWindow || windowStart + WINDOW_MS > lastEnd) continue;
    windowDone.set(windowStart, Math.max(windowDone.get(windowStart) ?? 0, at));
    lastViewMs.push(at - (lastView.get(key) as number));
  }
  return {
    windowMs: Float64Array.from([...windowDone].map(([start, at]) => at - (start + WINDOW_MS))),
    lastViewMs: Float64Array.from(lastViewMs),
    batchDelayMs: Float64Array.from(delays),
    batches: completed,
    maxBacklog,
    sent: produced.sent,
    producerCpuUs: produced.cpuUs,
    span,
    brokerCpuUs: brokerUs,
    checksum: countsChecksum(counts),
    outputRecords: outputRecords.length,
  };
}

const p50p99 = (xs: Float64Array): string => `${fixed(percentile(xs, 0.5))} / ${fixed(percentile(xs, 0.99))}`;

/** Runs W5 and returns its figures. */
export async function w5Kafka(options: BenchOptions): Promise<Figure[]> {
  await requireBroker();
  const events = options.quick ? 300_000 : 1_000_000;
  const rounds = 4;
  const liveSeconds = options.seconds ?? (options.quick ? 35 : 95);
  const liveRate = 10_000;
  const kafka = new BenchKafka();
  try {
    const tables = adTables(SEED);
    const generator = new AdEventGenerator(tables, SEED + 1);
    const base = Date.UTC(2015, 11, 16);
    const texts = Array.from({ length: events }, (_, i) =>
      generator.next(base + Math.floor((i * 1000) / INPUT_EVENT_RATE)),
    );
    const counts = referenceCounts(texts, tables);
    const viewTexts: string[] = [];
    for (const t of texts) {
      const e = JSON.parse(t) as AdEvent;
      if (e.event_type === 'view') {
        viewTexts.push(
          JSON.stringify({ ad_id: e.ad_id, campaign_id: tables.campaignOfAd.get(e.ad_id), event_time: e.event_time }),
        );
      }
    }
    const expected = {
      counts,
      views: viewTexts.length,
      viewTexts: textsChecksum(viewTexts),
      inputTexts: textsChecksum(texts),
      events,
    };
    const input = await kafka.topic('input', PARTITIONS);
    const produceStart = read();
    await kafka.produce(input, PARTITIONS, texts);
    const produced = since(produceStart);
    if ((await kafka.size(input)) !== events) throw new Error('W5: the input topic does not hold every event');
    console.log(
      `W5 Kafka → Kafka on ${bootstrapServers}: ${si(events)} events (${viewTexts.length} views, ${counts.size} campaign windows) ` +
        `in a ${PARTITIONS}-partition topic, produced in ${fixed(produced.wallMs / 1000)} s; ${rounds} rounds (the first a warm-up) ` +
        `of raw loop, Yahoo and stateless in a rotating order; engine batches of ${(MAX_RATE_PER_PARTITION * THROUGHPUT_BATCH_MS * PARTITIONS) / 1000} events ` +
        `(maxRatePerPartition ${MAX_RATE_PER_PARTITION}, ${THROUGHPUT_BATCH_MS} ms logical batches on a manual clock)`,
    );

    const runs: Record<CaseName, ThroughputRun[]> = { raw: [], yahoo: [], stateless: [] };
    const order: CaseName[] = ['raw', 'yahoo', 'stateless'];
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < order.length; i++) {
        const name = order[(i + round) % order.length];
        const tag = `${process.pid}_${round}_${Date.now().toString(36)}`;
        const output = await kafka.topic(`${name}_out`, PARTITIONS);
        const run =
          name === 'raw'
            ? await rawRun(input, output, events, tag)
            : await engineRun(name, input, output, events, tables, tag);
        const checked = await check(kafka, name, output, expected);
        await kafka.admin.deleteTopic(output).catch(() => undefined);
        const full = { ...run, ...checked };
        if (round > 0) runs[name].push(full);
        console.log(
          `  ${round === 0 ? 'warm-up' : `round ${round}`} ${name}: ${si(rate(full))} events/s (${fixed(full.span.cores)} cores, ` +
            `${si(perCore(full))} events/s/core; ${coreSeconds(full)}), ${full.batches} ${name === 'raw' ? 'sends' : 'batches'}, ` +
            `${full.outputRecords} output records, checksum ${hex(full.checksum)} (equal)`,
        );
      }
    }

    const figures: Figure[] = [];
    const raw = medianRun(runs.raw);
    const common = `${si(events)} events, ${PARTITIONS} partitions, median of ${rounds - 1} rounds interleaved with the raw loop`;
    for (const name of ['yahoo', 'stateless'] as const) {
      const engine = medianRun(runs[name]);
      const what =
        name === 'yahoo'
          ? 'Yahoo (parse JSON, keep views, ad → campaign, count per campaign and 10 s event-time window)'
          : 'stateless (parse JSON, keep views, ad → campaign, write each view)';
      const r = row(
        'w5',
        `events/s Kafka → Kafka, ${what} vs raw consume → produce loop`,
        rate(engine),
        rate(raw),
        THROUGHPUT_TARGET,
        true,
        'events/s',
      );
      figures.push({
        row: r,
        notes:
          `${common}; engine batches of ${(MAX_RATE_PER_PARTITION * THROUGHPUT_BATCH_MS * PARTITIONS) / 1000} events (maxRatePerPartition ${MAX_RATE_PER_PARTITION}, ` +
          `${THROUGHPUT_BATCH_MS} ms logical batches, one generated ahead); engine ${si(perCore(engine))} events/s/core (${coreSeconds(engine)}), ` +
          `raw loop ${si(perCore(raw))} events/s/core (${coreSeconds(raw)}, ${RAW_CHUNK}-record sends); ` +
          `${engine.outputRecords} output records; peak RSS ${fixed(peakRssMb())} MB; checksum ${hex(engine.checksum)} (equal to the reference)`,
      });
      console.log(`  ${name}: ${verdict(r)}`);
    }

    console.log(
      `  latency: ${LATENCY_BATCH_MS} ms batches on the system clock, ${si(liveRate)} events/s live for ${liveSeconds} s`,
    );
    const live = await latencyRun(kafka, tables, liveRate, liveSeconds);
    if (live.windowMs.length === 0)
      throw new Error(`W5 latency: no whole 10 s window in ${liveSeconds} s of live input`);
    const p99 = percentile(live.windowMs, 0.99);
    const latencies =
      `window end → all its counts written p50 / p99 ${p50p99(live.windowMs)} ms over ${live.windowMs.length} whole windows; ` +
      `a campaign window's last view → its final count written p50 / p99 ${p50p99(live.lastViewMs)} ms over ${live.lastViewMs.length}; ` +
      `batch time → batch done p50 / p99 ${p50p99(live.batchDelayMs)} ms over ${live.batches} batches, max backlog ${live.maxBacklog}`;
    const cores =
      `engine ${fixed(live.span.cores)} cores, producer ${fixed(live.producerCpuUs / 1000 / live.span.wallMs)} cores, ` +
      `broker ${live.brokerCpuUs === undefined ? 'n/a' : fixed(live.brokerCpuUs / 1000 / live.span.wallMs)} cores`;
    console.log(`    ${latencies}; ${live.sent} events; ${cores}`);
    const lat = row(
      'w5',
      `p99 window end → count written to the output topic vs batch interval, Yahoo, ${LATENCY_BATCH_MS} ms batches (< ${LATENCY_TARGET_MS} ms)`,
      p99,
      LATENCY_BATCH_MS,
      LATENCY_TARGET_MS / LATENCY_BATCH_MS,
      false,
      'ms',
    );
    figures.push({
      row: lat,
      notes:
        `${live.sent} events live at ${si(liveRate)}/s for ${liveSeconds} s (event_time = creation time, a producer process of its own), ` +
        `${PARTITIONS} partitions, system clock; the time a count was written is when the sink's send was acknowledged; ${latencies}; ${cores}; ` +
        `peak RSS ${fixed(peakRssMb())} MB; checksum ${hex(live.checksum)} over ${live.outputRecords} output records (equal to the reference)`,
    });
    console.log(`    row: ${verdict(lat)}`);
    return figures;
  } finally {
    await kafka.close();
  }
}
