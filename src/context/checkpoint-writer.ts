import type { CheckpointDirectory } from '../checkpoint/index.ts';
import type { Time } from '../core/index.ts';
import type { DStreamGraph } from '../dstream/index.ts';
import type { CheckpointHook, JobScheduler, ListenerBus } from '../scheduler/index.ts';
import type { MetadataCheckpoint } from './metadata-checkpoint.ts';
import { StateCheckpoints } from './state-checkpoints.ts';

/**
 * Writes a metadata checkpoint when a batch is generated and when it completes (Spark's
 * `CheckpointWriter` behind `DoCheckpoint`), in the generator's event order, so a restart knows which
 * batches to run again and where each source was.
 */
export class CheckpointWriter implements CheckpointHook {
  readonly #graph: DStreamGraph;
  readonly #scheduler: JobScheduler;
  readonly #directory: CheckpointDirectory;
  readonly state: StateCheckpoints;

  constructor(graph: DStreamGraph, scheduler: JobScheduler, directory: CheckpointDirectory, bus?: ListenerBus) {
    this.#graph = graph;
    this.#scheduler = scheduler;
    this.#directory = directory;
    this.state = new StateCheckpoints(graph, directory, bus);
  }

  checkpoint(time: Time, completed: boolean): void {
    const graph = this.#graph;
    // State first: the metadata checkpoint names state versions that must already be durable.
    if (completed) this.state.checkpoint(time);
    const pending = this.#scheduler.pendingTimes().filter((t) => !(completed && t === time));
    // At generation the batch is not submitted yet, but its inputs are fixed: it is pending.
    if (!completed && !pending.includes(time)) pending.push(time);
    const metadata: MetadataCheckpoint = {
      checkpointTime: time,
      zeroTime: graph.zeroTime ?? 0,
      batchDurationMs: graph.batchDurationMs,
      pendingTimes: pending.sort((a, b) => a - b),
      graph: graph.fingerprint(),
      inputs: graph.inputStreams.map((s) => [s.id, s.checkpointData()] as const),
      stateVersions: this.state.versions(),
    };
    this.#directory.writeMetadata(time, metadata);
  }
}
