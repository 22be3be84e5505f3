import type { CheckpointDirectory } from '../checkpoint/index.ts';
import { IllegalStateError, keyId, NoValidCheckpointError, type SluiceError, type Time } from '../core/index.ts';
import { type DStreamGraph, type DStreamNode, isStatefulStream, type StatefulStream } from '../dstream/index.ts';
import type { ListenerBus } from '../scheduler/index.ts';

type StatefulNode = DStreamNode<unknown> & StatefulStream;

/** One key's state as a state log stores it. */
interface LoggedEntry {
  readonly id: string;
  readonly key: unknown;
  readonly state: unknown;
  readonly updatedAtMs: number;
}

/** A string naming a key, equal for structurally equal keys (the log's entry id). */
function entryId(key: unknown): string {
  const id = keyId(key);
  return typeof id === 'string' ? id : `\u0000${typeof key}:${String(id)}`;
}

/**
 * Data checkpoints of keyed state (Spark's RDD checkpoints of state streams, done incrementally): at each
 * stateful stream's checkpoint interval, every partition's store writes what changed since its last
 * checkpoint — or, every so often, everything — to its state log, and the stream's version goes into the
 * metadata checkpoint written after it. A restart rebuilds the stores from those logs.
 */
export class StateCheckpoints {
  readonly #graph: DStreamGraph;
  readonly #directory: CheckpointDirectory;
  /** Per stream id: the version of its last state checkpoint. */
  readonly #versions = new Map<number, number>();

  readonly #bus: ListenerBus | undefined;

  constructor(graph: DStreamGraph, directory: CheckpointDirectory, bus?: ListenerBus) {
    this.#graph = graph;
    this.#directory = directory;
    this.#bus = bus;
  }

  get #stateful(): StatefulNode[] {
    return this.#graph.streams.filter((n): n is StatefulNode => isStatefulStream(n));
  }

  /** The version of each stateful stream's last durable state checkpoint, by stream id. */
  versions(): [number, number][] {
    return [...this.#versions];
  }

  /** Writes the state checkpoints due after batch `time` completed. */
  checkpoint(time: Time): void {
    const zero = this.#graph.zeroTime ?? 0;
    for (const stream of this.#stateful) {
      const interval = stream.checkpointDurationMs;
      if (interval === undefined || (time - zero) % interval !== 0) continue;
      const version = stream.lastCommittedTimeMs;
      if (version === undefined || version === this.#versions.get(stream.id)) continue;
      const previous = this.#versions.get(stream.id);
      const startMs = performance.now();
      let full = false;
      let written = 0;
      let removed = 0;
      stream.stateStores().forEach((store, partition) => {
        const log = this.#directory.stateLog<LoggedEntry>(stream.stateOperator, partition);
        if (previous === undefined || log.needsFullSnapshot) {
          const entries: LoggedEntry[] = [];
          for (const e of store.snapshot(version)) entries.push({ id: entryId(e.key), ...e });
          log.writeFull(version, entries);
          full = true;
          written += entries.length;
        } else {
          const changed: LoggedEntry[] = [];
          const deleted: string[] = [];
          for (const c of store.changesSince(previous)) {
            if (c.removed === true) deleted.push(entryId(c.key));
            else changed.push({ id: entryId(c.key), key: c.key, state: c.state, updatedAtMs: c.updatedAtMs });
          }
          log.writeDelta(version, changed, deleted);
          written += changed.length;
          removed += deleted.length;
        }
        store.markCheckpoint(version);
      });
      if (this.#bus?.hasListeners === true) {
        const checkpoint = {
          operator: stream.stateOperator,
          version,
          kind: full ? ('full' as const) : ('delta' as const),
          entries: written,
          removed,
          durationMs: performance.now() - startMs,
        };
        this.#bus.post({ type: 'stateCheckpointWritten', checkpoint });
      }
      this.#versions.set(stream.id, version);
    }
  }

  /**
   * Rebuilds every stateful stream's state as of the version the metadata checkpoint names, from its
   * partitions' logs (the partition count may have changed: entries go to their keys' partitions).
   * @throws NoValidCheckpointError when a log cannot reach that version
   */
  restore(versions: readonly (readonly [number, number])[]): void {
    const byStream = new Map(versions);
    for (const stream of this.#stateful) {
      const version = byStream.get(stream.id);
      if (version === undefined) {
        // Files written after the checkpoint this run resumes from, by a run that did not complete.
        for (let partition = 0; partition < stream.statePartitions; partition++) {
          this.#directory.stateLog<LoggedEntry>(stream.stateOperator, partition).discardAll();
        }
        continue;
      }
      const entries: LoggedEntry[] = [];
      const failures: { path: string; error: SluiceError }[] = [];
      for (let partition = 0; partition < stream.statePartitions; partition++) {
        const log = this.#directory.stateLog<LoggedEntry>(stream.stateOperator, partition);
        const snapshot = log.readAt(version);
        if (snapshot === undefined || snapshot.version !== version) {
          const reached = snapshot === undefined ? 'no state file' : `only version ${snapshot.version}`;
          const error = new IllegalStateError(
            `the state of ${stream.stateOperator} partition ${partition} cannot be restored to version ${version}: ${reached}`,
          );
          failures.push(...(snapshot?.skipped ?? []), { path: log.path, error });
          continue;
        }
        for (const e of snapshot.entries.values()) entries.push(e);
      }
      if (failures.length > 0) throw new NoValidCheckpointError(this.#directory.path, failures);
      stream.restoreState(version, entries);
      this.#versions.set(stream.id, version);
    }
  }
}
