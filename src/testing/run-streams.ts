import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamingContext } from '../context/index.ts';
import { InvalidArgumentError, ManualClock } from '../core/index.ts';
import { DStream } from '../dstream/index.ts';
import { snapshot } from './snapshot.ts';
import { TestInputDStream } from './test-input-dstream.ts';

export interface RunStreamsOptions {
  /** Default 1000. */
  batchDurationMs?: number;
  /** Partitions of each input batch, sliced like Spark's `makeRDD`. Default 2. */
  numInputPartitions?: number;
  /** Partitions of shuffles when an operation is not given a count. Default 2. */
  defaultParallelism?: number;
  checkpointDir?: string;
}

/** A context on a manual clock at 0 running `operation` over the inputs, collecting each output batch. */
interface TestRun<O> {
  readonly ssc: StreamingContext;
  readonly clock: ManualClock;
  readonly outputs: O[][][];
}

function requireBatchCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`runStreams: ${what} must be a whole number >= 0, got ${n}`);
  }
}

function buildRun<O>(
  inputs: (unknown[] | null)[][],
  operation: (...streams: DStream<any>[]) => DStream<O>,
  options: RunStreamsOptions,
  checkpointDir: string | undefined,
): TestRun<O> {
  const { batchDurationMs = 1000, numInputPartitions = 2, defaultParallelism } = options;
  const clock = new ManualClock(0);
  const ssc = new StreamingContext({ batchDurationMs, clock, defaultParallelism });
  if (checkpointDir !== undefined) ssc.checkpoint(checkpointDir);
  const streams = inputs.map((batches) => new DStream(new TestInputDStream(ssc, batches, numInputPartitions)));
  const result = operation(...streams);
  if (!(result instanceof DStream)) {
    throw new InvalidArgumentError(`runStreams: the operation must return a DStream, got ${String(result)}`);
  }
  const outputs: O[][][] = [];
  result.foreachRDD((rdd) => {
    outputs.push(snapshot(rdd.glom().collect()));
  });
  return { ssc, clock, outputs };
}

/**
 * Starts the context, lets the batches it reschedules at start (after a restart) complete, advances the
 * clock `numBatches` intervals one at a time, waiting for each batch, then stops it; rejects with the
 * error that failed a batch.
 */
async function drive(ssc: StreamingContext, clock: ManualClock, numBatches: number): Promise<void> {
  const batchDurationMs = ssc.batchDurationMs;
  let completed = 0;
  let target = 0;
  let wake: (() => void) | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type === 'batchCompleted') {
      completed++;
      if (completed >= target) wake?.();
    }
  });
  const termination = ssc.awaitTermination();
  termination.catch(() => wake?.());
  const until = (n: number): Promise<void> => {
    target = n;
    return new Promise<void>((resolve) => {
      wake = resolve;
      if (completed >= n || ssc.getState() !== 'active') resolve();
    });
  };
  ssc.start();
  const rescheduled = ssc.rescheduledTimes.length;
  try {
    if (rescheduled > 0) await until(rescheduled);
    for (let i = 1; i <= numBatches && ssc.getState() === 'active'; i++) {
      const done = until(rescheduled + i);
      clock.advance(batchDurationMs);
      await done;
    }
  } finally {
    await ssc.stop();
  }
  await termination;
}

/**
 * Runs `operation` over input batches on a manual clock and returns each output batch with its
 * partitions kept apart. See {@link runStreams}.
 */
export async function runStreamsWithPartitions<O>(
  inputs: (unknown[] | null)[][],
  operation: (...streams: DStream<any>[]) => DStream<O>,
  numBatches: number,
  options: RunStreamsOptions = {},
): Promise<O[][][]> {
  requireBatchCount('numBatches', numBatches);
  const run = buildRun(inputs, operation, options, options.checkpointDir);
  await drive(run.ssc, run.clock, numBatches);
  return run.outputs;
}

/**
 * Spark's streaming test harness, for users' own pipelines: runs `operation` over `inputs` (one array
 * of batches per input stream; a `null` batch means that input has no dataset at that time) for
 * `numBatches` batch intervals on a manual clock, and resolves with one array per output batch (its
 * records, partitions concatenated). A window sliding every k batches yields numBatches / k arrays.
 *
 * @example
 * const out = await runStreams([[[1, 2], [3]]], (s) => s.map((x: number) => x * 10), 2);
 * // [[10, 20], [30]]
 * @throws BatchFailedError (as a rejection) when a batch fails
 */
export async function runStreams<O>(
  inputs: (unknown[] | null)[][],
  operation: (...streams: DStream<any>[]) => DStream<O>,
  numBatches: number,
  options: RunStreamsOptions = {},
): Promise<O[][]> {
  const batches = await runStreamsWithPartitions(inputs, operation, numBatches, options);
  return batches.map((partitions) => partitions.flat());
}

export interface RestartedRunOptions extends RunStreamsOptions {
  /** Batch intervals the first context runs before it stops. */
  batchesBeforeRestart: number;
}

/** The outputs of the two contexts of {@link runStreamsWithRestart}. */
export interface RestartedRun<O> {
  /** One array per output batch of the first context. */
  readonly beforeRestart: O[][];
  /**
   * One array per output batch of the context recreated from the checkpoint, starting with the batches
   * it runs again (Spark's protocol re-runs the batch of the last checkpoint).
   */
  readonly afterRestart: O[][];
  /** Batch times the recreated context ran again before its clock moved on. */
  readonly rescheduledTimes: readonly number[];
}

/**
 * Tests recovery the way Spark's `testCheckpointedOperation` does: runs `operation` for
 * `batchesBeforeRestart` intervals with checkpointing on, stops, recreates the program with
 * `StreamingContext.getOrCreate` from the checkpoint directory on a manual clock set to the checkpoint's
 * time, and runs it up to `numBatches` intervals in all. The operation is called again for the second
 * context, as a restarted program builds its graph again.
 *
 * @example
 * const run = await runStreamsWithRestart(
 *   [[['a'], ['a'], ['a'], ['a']]],
 *   (s) => s.map((w: string): [string, number] => [w, 1]).updateStateByKey((vs: number[], c?: number) => (c ?? 0) + vs.length),
 *   4,
 *   { batchesBeforeRestart: 2 },
 * );
 * // run.beforeRestart: [[['a', 1]], [['a', 2]]]; run.afterRestart: [[['a', 2]], [['a', 3]], [['a', 4]]]
 * @throws BatchFailedError (as a rejection) when a batch fails
 */
export async function runStreamsWithRestart<O>(
  inputs: (unknown[] | null)[][],
  operation: (...streams: DStream<any>[]) => DStream<O>,
  numBatches: number,
  options: RestartedRunOptions,
): Promise<RestartedRun<O>> {
  const k = options.batchesBeforeRestart;
  requireBatchCount('numBatches', numBatches);
  requireBatchCount('batchesBeforeRestart', k);
  if (k > numBatches) {
    throw new InvalidArgumentError(`runStreams: batchesBeforeRestart (${k}) exceeds numBatches (${numBatches})`);
  }
  const dir = options.checkpointDir ?? mkdtempSync(join(tmpdir(), 'sluice-restart-'));
  const first = buildRun(inputs, operation, options, dir);
  await drive(first.ssc, first.clock, k);

  let second: TestRun<O> | undefined;
  const ssc = StreamingContext.getOrCreate(dir, () => {
    second = buildRun(inputs, operation, options, dir);
    return second.ssc;
  });
  if (second === undefined || ssc !== second.ssc) {
    throw new InvalidArgumentError('runStreams: getOrCreate did not build the program again');
  }
  const restored = ssc.recoveredCheckpointTime;
  if (restored === undefined) throw new InvalidArgumentError(`runStreams: no checkpoint was written in ${dir}`);
  second.clock.setTime(restored);
  await drive(ssc, second.clock, Math.max(0, numBatches - restored / ssc.batchDurationMs));
  return {
    beforeRestart: first.outputs.map((partitions) => partitions.flat()),
    afterRestart: second.outputs.map((partitions) => partitions.flat()),
    rescheduledTimes: ssc.rescheduledTimes,
  };
}
