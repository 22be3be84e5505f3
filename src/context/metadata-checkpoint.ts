/**
 * What a metadata checkpoint holds (Spark's `Checkpoint`): enough to resume generating batches where a
 * stopped or killed program left off. Plain data, so the checkpoint codec can encode it.
 */
export interface MetadataCheckpoint {
  /** The batch this checkpoint was written for. */
  readonly checkpointTime: number;
  readonly zeroTime: number;
  readonly batchDurationMs: number;
  /** Batches generated and not completed when it was written, in order. */
  readonly pendingTimes: readonly number[];
  /** The graph fingerprint: one line per stream (`DStreamGraph.fingerprint`). */
  readonly graph: readonly string[];
  /** Each input stream's `checkpointData()`, by stream id. */
  readonly inputs: readonly (readonly [streamId: number, data: unknown])[];
  /** Each stateful stream's last durable state version (a batch time), by stream id. */
  readonly stateVersions: readonly (readonly [streamId: number, version: number])[];
}

/**
 * The first line where the graph a checkpoint was written by and the graph of this program differ, as a
 * sentence; `undefined` when they are the same.
 */
export function firstGraphDifference(saved: readonly string[], current: readonly string[]): string | undefined {
  const n = Math.max(saved.length, current.length);
  for (let i = 0; i < n; i++) {
    if (saved[i] === current[i]) continue;
    if (saved[i] === undefined) return `this program has an extra stream: ${current[i]}`;
    if (current[i] === undefined) return `the checkpoint's program had a stream this one lacks: ${saved[i]}`;
    return `stream ${i} was \`${saved[i]}\` in the checkpoint's program, and is \`${current[i]}\` in this one`;
  }
  return undefined;
}
