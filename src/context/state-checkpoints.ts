import {
  type CheckpointDirectory,
  chainEntries,
  type StateLogChain,
  type StateLogColumns,
} from '../checkpoint/index.ts';
import { IllegalStateError, NoValidCheckpointError, type SluiceError, type Time } from '../core/index.ts';
import { type DStreamGraph, type DStreamNode, isStatefulStream, type StatefulStream } from '../dstream/index.ts';
import type { ListenerBus } from '../scheduler/index.ts';
import { StateChangeColumns, StateColumns } from '../state/index.ts';

type StatefulNode = DStreamNode<unknown> & StatefulStream;

/** Whether every key of a partition's log (changed or removed) belongs to that partition now. */
function inPartition(stream: StatefulNode, chain: StateLogChain, partition: number): boolean {
  const all = (keys: readonly unknown[]) => {
    for (let i = 0; i < keys.length; i++) if (stream.statePartitionOf(keys[i]) !== partition) return false;
    return true;
  };
  return all(chain.full.keys) && chain.deltas.every((d) => all(d.changed.keys) && all(d.removed));
}

function stateColumns(c: StateLogColumns): StateColumns<unknown, unknown> {
  return new StateColumns(c.keys, c.states, c.updatedAtMs);
}

/** A chain's deltas as store changes. */
function changesOf(chain: StateLogChain): StateChangeColumns<unknown, unknown>[] {
  return chain.deltas.map((d) => new StateChangeColumns(stateColumns(d.changed), d.removed));
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
        const log = this.#directory.stateLog(stream.stateOperator, partition);
        if (previous === undefined || log.needsFullSnapshot) {
          // Read at once, before any later update: the latest version's entries are the store's own.
          const entries = StateColumns.from(store.entries(version));
          log.writeFull(version, entries);
          full = true;
          written += entries.length;
        } else {
          const changes = StateChangeColumns.from(store.changesSince(previous));
          log.writeDelta(version, changes.changed, changes.removed);
          written += changes.changed.length;
          removed += changes.removed.length;
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
          this.#directory.stateLog(stream.stateOperator, partition).discardAll();
        }
        continue;
      }
      const chains: StateLogChain[] = [];
      const failures: { path: string; error: SluiceError }[] = [];
      for (let partition = 0; partition < stream.statePartitions; partition++) {
        const log = this.#directory.stateLog(stream.stateOperator, partition);
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
        // Each store applies its own log, column by column: no merge, no repartitioning.
        const stores = stream.stateStores();
        chains.forEach((chain, partition) => {
          stores[partition].restore(version, stateColumns(chain.full), changesOf(chain));
        });
        stream.resumeFromStores(version);
      } else {
        stream.restoreState(
          version,
          chains.flatMap((chain) => [...chainEntries(chain).values()]),
        );
      }
      this.#versions.set(stream.id, version);
    }
  }
}
