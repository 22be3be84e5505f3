// W3's recovery app, run as a child process by `bench/w3-state.ts`: mapWithState (count and sum per key,
// 60 s timeout) over `W3EventInputDStream`, state checkpointed every `interval` batches, on a manual
// clock that the parent steps batch by batch. It resumes from its checkpoint directory with
// `StreamingContext.getOrCreate`, so the parent can kill it with SIGKILL and start it again.
//
// Protocol: one JSON object per stdout line — `ready` (recovered from which batch, and how long building
// the program and restoring the state took), `batch` (each completed batch), `checkpoint` (each state
// checkpoint), `state` (checksum of every key's totals after the last batch), `waiting` (the clock is at
// `time`, every batch up to it done: the app reads a `next` line on stdin before it advances), `done`.
import { createInterface } from 'node:readline';
import { ManualClock, type State, StateSpec, StreamingContext } from '../../src/index.ts';
import { type Totals, totalsChecksum, W3EventInputDStream, type W3EventsConfig } from './w3-events.ts';

/** The app's arguments, passed as one JSON argument. */
export interface W3AppArgs extends W3EventsConfig {
  readonly dir: string;
  readonly perBatch: number;
  readonly batches: number;
}

const BATCH_MS = 1000;
const TIMEOUT_MS = 60_000;

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const countAndSum = (_key: number, value: number | undefined, state: State<Totals>): undefined => {
  if (state.isTimingOut()) return;
  const old = state.getOption();
  state.update(
    old === undefined ? { count: 1, sum: value ?? 0 } : { count: old.count + 1, sum: old.sum + (value ?? 0) },
  );
};

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as W3AppArgs;
  const lastTime = args.batches * BATCH_MS;
  const clock = new ManualClock(0);
  const startMs = performance.now();
  const ssc = StreamingContext.getOrCreate(args.dir, () => {
    const context = new StreamingContext({ batchDurationMs: BATCH_MS, clock, defaultParallelism: 2 });
    context.checkpoint(args.dir);
    const spec = StateSpec.function(countAndSum).timeout(TIMEOUT_MS).numPartitions(2);
    const mapped = context
      .inputStream(new W3EventInputDStream(context, args, args.perBatch))
      .mapWithState(spec)
      .checkpoint(args.interval * BATCH_MS);
    mapped.foreachRDD((rdd) => {
      rdd.count();
    });
    mapped.stateSnapshots().foreachRDD((rdd, time) => {
      if (time === lastTime) say({ event: 'state', ...totalsChecksum(rdd.collect()) });
    });
    return context;
  });
  const restoredFrom = ssc.recoveredCheckpointTime;
  if (restoredFrom !== undefined) clock.setTime(restoredFrom);

  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  let completed = 0;
  let target = 0;
  let wake: (() => void) | undefined;
  let failure: string | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type === 'stateCheckpointWritten') say({ event: 'checkpoint', ...event.checkpoint });
    if (event.type !== 'batchCompleted') return;
    if (event.batch.failureReason !== undefined) failure ??= event.batch.failureReason;
    completed++;
    say({
      event: 'batch',
      time: event.batch.batchTime,
      processingMs: event.batch.processingDelayMs,
      uptimeMs: process.uptime() * 1000,
    });
    if (completed >= target) wake?.();
  });
  const until = (n: number): Promise<void> => {
    target = n;
    return new Promise((resolve) => {
      wake = resolve;
      if (completed >= n || failure !== undefined) resolve();
    });
  };
  ssc.start();
  say({
    event: 'ready',
    restoredFrom: restoredFrom ?? null,
    restoreMs: performance.now() - startMs,
    uptimeMs: process.uptime() * 1000,
    rescheduled: ssc.rescheduledTimes.length,
  });
  const rescheduled = ssc.rescheduledTimes.length;
  if (rescheduled > 0) await until(rescheduled);
  let i = 0;
  while (clock.getTimeMillis() < lastTime && failure === undefined) {
    say({ event: 'waiting', time: clock.getTimeMillis() });
    const next = await lines.next();
    if (next.done === true || next.value !== 'next') break;
    const done = until(rescheduled + ++i);
    clock.advance(BATCH_MS);
    await done;
  }
  await ssc.stop();
  if (failure !== undefined) throw new Error(`W3 recovery app: a batch failed: ${failure}`);
  say({ event: 'done' });
  process.exit(0);
}

await main();
