import type { CheckpointDirectory, StateLogChain } from '../checkpoint/index.ts';
import { IllegalStateError, keyId, NoValidCheckpointError, type SluiceError, type Time } from '../core/index.ts';
import { type DStreamGraph, type DStreamNode, isStatefulStream, type StatefulStream } from '../dstream/index.ts';
import type { ListenerBus } from '../scheduler/index.ts';
import type { StateChange } from '../state/index.ts';

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
 * Whether every entry of a partition's log belongs to that partition now (a log with deletions, whose ids
 * are not keys, is merged instead).
 */
function inPartition(stream: StatefulNode, chain: StateLogChain<LoggedEntry>, partition: number): boolean {
  if (chain.deltas.some((d) => d.deleted.length > 0)) return false;
  for (const e of chain.full) if (stream.statePartitionOf(e.key) !== partition) return false;
  for (const d of chain.deltas)
    for (const e of d.changed) if (stream.statePartitionOf(e.key) !== partition) return false;
  return true;
}

/** A chain's deltas as store changes (they hold no deletions: see {@link inPartition}). */
function changesOf(chain: StateLogChain<LoggedEntry>): StateChange<unknown, unknown>[][] {
  return chain.deltas.map((d) => d.changed as LoggedEntry[]);
}

/** The entries a chain ends with, merged by entry id. */
function merged(chain: StateLogChain<LoggedEntry>): LoggedEntry[] {
  const entries = new Map<string, LoggedEntry>();
  for (const e of chain.full) entries.set(e.id, e);
  for (const d of chain.deltas) {
    for (const id of d.deleted) entries.delete(id);
    for (const e of d.changed) entries.set(e.id, e);
  }
  return [...entries.values()];
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
   * partitions' logs: each store straight from its own log when every entry still belongs there, else
   * merged and repartitioned (entries go to their keys' partitions).
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
      const chains: StateLogChain<LoggedEntry>[] = [];
      const failures: { path: string; error: SluiceError }[] = [];
      for (let partition = 0; partition < stream.statePartitions; partition++) {
        const log = this.#directory.stateLog<LoggedEntry>(stream.stateOperator, partition);
        const chain = log.readChain(version);
        if (chain === undefined || chain.version !== version) {
          const reached = chain === undefined ? 'no state file' : `only version ${chain.version}`;
          const error = new IllegalStateError(
            `the state of ${stream.stateOperator} partition ${partition} cannot be restored to version ${version}: ${reached}`,
          );
          failures.push(...(chain?.skipped ?? []), { path: log.path, error });
          continue;
        }
        chains.push(chain);
      }
      if (failures.length > 0) throw new NoValidCheckpointError(this.#directory.path, failures);
      if (chains.every((chain, partition) => inPartition(stream, chain, partition))) {
        // Each store applies its own log, keyed by its own key identity: no merge by entry id, no repartitioning.
        const stores = stream.stateStores();
        chains.forEach((chain, partition) => {
          stores[partition].restore(version, chain.full, changesOf(chain));
        });
        stream.resumeFromStores(version);
      } else {
        stream.restoreState(version, chains.flatMap(merged));
      }
      this.#versions.set(stream.id, version);
    }
  }
}
