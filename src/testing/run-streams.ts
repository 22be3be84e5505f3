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
  const { batchDurationMs = 1000, numInputPartitions = 2, defaultParallelism, checkpointDir } = options;
  if (!Number.isInteger(numBatches) || numBatches < 0) {
    throw new InvalidArgumentError(`runStreams: numBatches must be a whole number >= 0, got ${numBatches}`);
  }
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

  let completed = 0;
  let wake: (() => void) | undefined;
  ssc.addStreamingListener((event) => {
    if (event.type === 'batchCompleted') {
      completed++;
      wake?.();
    }
  });
  const termination = ssc.awaitTermination();
  termination.catch(() => wake?.());
  ssc.start();
  try {
    for (let i = 1; i <= numBatches; i++) {
      const done = new Promise<void>((resolve) => {
        wake = resolve;
      });
      clock.advance(batchDurationMs);
      if (completed < i && ssc.getState() === 'active') await done;
      if (ssc.getState() !== 'active') break;
    }
  } finally {
    await ssc.stop();
  }
  await termination;
  return outputs;
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
