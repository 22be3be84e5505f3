import { IllegalStateError, keyId } from '../core/index.ts';
import { ChangedSinceMark } from './changed-since-mark.ts';
import { StateChangeColumns, StateColumns } from './state-columns.ts';
import type { StateChange, StateEntry, StateStore, StateWriter } from './state-store.ts';
import { StoreVersions } from './store-versions.ts';
import { StoredEntry } from './stored-entry.ts';
import { TimeIndex } from './time-index.ts';
import { VersionLog } from './version-log.ts';

const NO_KEY = Symbol('no key');

export interface MemoryStateStoreOptions {
  /** Keep keys bucketed by update time, for {@link StateWriter.updatedBefore} (operators with a timeout). */
  readonly timeIndex?: boolean;
}

/**
 * The default state store: a `Map` of one mutable entry per key holding the latest version, plus one
 * {@link VersionLog} per retained version (which entries each version changed). Each entry also keeps
 * what it held before its first change in the version that last changed it. Writing a key costs a map
 * lookup, changing its entry in place, and the first time in a version setting its previous state aside
 * in the entry and one array push; a failed update puts its entries back from their previous states,
 * newest first; an older version is the latest seen through the logs of the versions after it (an entry
 * hands its previous state over to its log only when it changes again while older versions may still be
 * read). Nothing ever copies or scans the whole state, except {@link entries}/{@link snapshot}
 * themselves and {@link restore}.
 *
 * A log's previous states are dropped as soon as no one can read its version (released) or roll it back;
 * until the next checkpoint mark the log then keeps only which entries changed. So the garbage a batch
 * leaves is the states it replaced, not a record and an undo entry per update, and no old state object
 * outlives the release of the version after it.
 *
 * @example
 * const store = new MemoryStateStore<string, number>();
 * store.update(1000, (w) => w.put('a', 1));
 * store.update(2000, (w) => w.put('a', (w.get('a')?.state ?? 0) + 1));
 * store.get('a', 1000)?.state; // 1
 */
export class MemoryStateStore<K, S> implements StateStore<K, S> {
  readonly #main = new Map<unknown, StoredEntry<K, S>>();
  /** Logs of committed versions, oldest first. */
  #logs: VersionLog<K, S>[] = [];
  readonly #index: TimeIndex<StoredEntry<K, S>> | undefined;
  readonly #versions = new StoreVersions();
  #writer: MemoryStateWriter<K, S> | undefined;
  readonly #changed = new ChangedSinceMark<K, S>();
  /** Counts `changesSince` calls, to stamp the entries each one listed. */
  #listPass = 0;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.#index = options.timeIndex === true ? new TimeIndex() : undefined;
  }

  get version(): number | undefined {
    return this.#versions.latest;
  }
  /** Keys at the latest version (counting an update under way). */
  get size(): number {
    return this.#main.size;
  }

  update<R>(version: number, fn: (writer: StateWriter<K, S>) => R): R {
    this.#versions.beginUpdate(version);
    const log = new VersionLog<K, S>(version);
    const writer = new MemoryStateWriter(
      this.#main,
      log,
      this.#index,
      this.#logs,
      this.#versions.releasedBefore,
      this.#changed,
    );
    this.#writer = writer;
    let committed = false;
    try {
      const result = fn(writer);
      this.#logs.push(log);
      committed = true;
      return result;
    } catch (e) {
      this.#rollback(log);
      throw e;
    } finally {
      writer.open = false;
      this.#writer = undefined;
      this.#versions.endUpdate(committed);
      if (committed) this.#trim();
    }
  }

  get(key: K, version?: number): StateEntry<K, S> | undefined {
    const overlays = this.#overlays(version);
    const id = keyId(key);
    for (const log of overlays) {
      const i = log.firstPosition(id);
      if (i >= 0) return log.before(i);
    }
    return this.#main.get(id);
  }

  entries(version?: number): Iterable<StateEntry<K, S>> {
    const overlays = this.#overlays(version);
    if (overlays.length === 0) return this.#main.values();
    return this.#entriesThrough(overlays);
  }

  snapshot(version?: number): Iterable<StateEntry<K, S>> {
    const entries = this.entries(version);
    return (function* () {
      for (const e of entries) yield { key: e.key, state: e.state, updatedAtMs: e.updatedAtMs };
    })();
  }

  release(version: number): void {
    this.#versions.release(version);
    this.#trim();
  }

  markCheckpoint(version: number): void {
    this.#versions.mark(version);
    // Versions committed after the one marked are already in the logs, not in a list started now.
    this.#changed.reset(this.#versions.latest === version ? version : undefined);
    this.#trim();
  }

  changesSince(version: number): Iterable<StateChange<K, S>> {
    this.#versions.requireIdle('changesSince');
    this.#versions.requireKept(version, 'list the changes since');
    if (version === this.#changed.from) return this.#changesSinceMark(version);
    // Each entry object is listed once (stamped with this pass); a key removed and added again has two,
    // the one in the map now lists its state, and the one that held the key at `version` lists its removal.
    const pass = ++this.#listPass;
    const keys: K[] = [];
    const states: S[] = [];
    const times: number[] = [];
    const removed: K[] = [];
    const main = this.#main;
    for (const log of this.#logs) {
      if (log.version <= version) continue;
      const entries = log.entries;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (entry.listed === pass) continue;
        entry.listed = pass;
        if (entry.live) {
          keys.push(entry.key);
          states.push(entry.state);
          times.push(entry.updatedAtMs);
        } else if (log.existedBefore(i) && !main.has(entry.id)) {
          removed.push(entry.key);
        }
      }
    }
    return new StateChangeColumns(new StateColumns(keys, states, times), removed);
  }

  /** {@link changesSince} the mark, from the entries noted as they changed. */
  #changesSinceMark(mark: number): StateChangeColumns<K, S> {
    const keys: K[] = [];
    const states: S[] = [];
    const times: number[] = [];
    const removed: K[] = [];
    const main = this.#main;
    for (const entry of this.#changed.entries) {
      if (entry.live) {
        keys.push(entry.key);
        states.push(entry.state);
        times.push(entry.updatedAtMs);
      } else if (entry.createdIn <= mark && !main.has(entry.id)) {
        removed.push(entry.key);
      }
    }
    return new StateChangeColumns(new StateColumns(keys, states, times), removed);
  }

  restore(
    version: number,
    snapshot: Iterable<StateEntry<K, S>>,
    deltas: Iterable<Iterable<StateChange<K, S>>> = [],
  ): void {
    this.#versions.requireIdle('restore');
    const main = this.#main;
    // Entries held by callers (see StateWriter.putEntry) stop being this store's.
    for (const entry of main.values()) entry.live = false;
    main.clear();
    this.#logs = [];
    if (snapshot instanceof StateColumns) restoreColumns(main, snapshot, version, false);
    else {
      for (const e of snapshot) {
        const id = keyId(e.key);
        main.set(id, new StoredEntry(main, id, e.key, e.state, e.updatedAtMs, version));
      }
    }
    for (const delta of deltas) {
      if (delta instanceof StateChangeColumns) {
        restoreColumns(main, delta.changed, version, true);
        for (const key of delta.removed as readonly K[]) main.delete(keyId(key));
        continue;
      }
      for (const change of delta) {
        const id = keyId(change.key);
        if (change.removed === true) {
          main.delete(id);
          continue;
        }
        const entry = main.get(id);
        if (entry === undefined)
          main.set(id, new StoredEntry(main, id, change.key, change.state, change.updatedAtMs, version));
        else {
          entry.state = change.state;
          entry.updatedAtMs = change.updatedAtMs;
        }
      }
    }
    const index = this.#index;
    if (index !== undefined) {
      index.clear();
      for (const entry of main.values()) index.add(entry, entry.updatedAtMs);
    }
    this.#versions.restored(version);
    this.#changed.reset(version);
  }

  close(): void {
    for (const entry of this.#main.values()) entry.live = false;
    this.#main.clear();
    this.#logs = [];
    this.#changed.reset(undefined);
    this.#index?.clear();
    this.#versions.close();
  }

  /** Logs to look through, oldest first, to read `version`; none for the latest version. */
  #overlays(version: number | undefined): VersionLog<K, S>[] {
    const versions = this.#versions;
    versions.requireOpen();
    const overlays: VersionLog<K, S>[] = [];
    const latest = versions.latest;
    if (version !== undefined && latest !== undefined && version < latest) {
      versions.requireKept(version, 'read', versions.releasedBefore);
      for (const log of this.#logs) if (log.version > version) overlays.push(log);
    }
    // An update under way has changed the map already: committed versions are read around it.
    if (this.#writer !== undefined) overlays.push(this.#writer.log);
    return overlays;
  }

  *#entriesThrough(overlays: VersionLog<K, S>[]): Generator<StateEntry<K, S>> {
    const replaced = new Map<unknown, StateEntry<K, S> | undefined>();
    for (const log of overlays) {
      const entries = log.entries;
      for (let i = 0; i < entries.length; i++) {
        const id = entries[i].id;
        if (!replaced.has(id)) replaced.set(id, log.before(i));
      }
    }
    for (const [id, entry] of this.#main) if (!replaced.has(id)) yield entry;
    for (const prev of replaced.values()) if (prev !== undefined) yield prev;
  }

  /** Undoes a failed version's changes, newest first, so each entry ends as it was before the version. */
  #rollback(log: VersionLog<K, S>): void {
    const main = this.#main;
    const index = this.#index;
    const entries = log.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry.live) index?.leave(entry.updatedAtMs);
      if (!log.existedBefore(i)) {
        if (main.get(entry.id) === entry) main.delete(entry.id);
        entry.live = false;
        continue;
      }
      entry.state = entry.prevState;
      entry.updatedAtMs = entry.prevUpdatedAtMs;
      // Not written in any version now (what it held before the version it was written in, if still
      // needed, was handed to that version's log), so the version retried logs it again.
      entry.writtenIn = Number.NEGATIVE_INFINITY;
      entry.live = true;
      main.set(entry.id, entry);
      index?.add(entry, entry.updatedAtMs);
    }
  }

  /** Drops the logs no one needs, and the previous states of those only checkpoints need. */
  #trim(): void {
    const changesFrom = this.#versions.changesKeptFrom;
    const releasedBefore = this.#versions.releasedBefore;
    const logs = this.#logs;
    let n = 0;
    while (n < logs.length && logs[n].version <= changesFrom) n++;
    if (n > 0) logs.splice(0, n);
    for (const log of logs) {
      if (log.version > releasedBefore) break;
      log.forget();
    }
  }
}

/**
 * Puts each column entry into `main`; with `merge`, changing the stored entry of a key that has one (a
 * snapshot's keys are new, so it skips that lookup).
 */
function restoreColumns<K, S>(
  main: Map<unknown, StoredEntry<K, S>>,
  columns: StateColumns<K, S>,
  version: number,
  merge: boolean,
): void {
  const { keys, states, updatedAtMs } = columns;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const id = keyId(key);
    const entry = merge ? main.get(id) : undefined;
    if (entry === undefined) main.set(id, new StoredEntry(main, id, key, states[i], updatedAtMs[i], version));
    else {
      entry.state = states[i];
      entry.updatedAtMs = updatedAtMs[i];
    }
  }
}

class MemoryStateWriter<K, S> implements StateWriter<K, S> {
  readonly version: number;
  readonly log: VersionLog<K, S>;
  open = true;
  readonly #main: Map<unknown, StoredEntry<K, S>>;
  readonly #index: TimeIndex<StoredEntry<K, S>> | undefined;
  /** The committed logs, oldest first, and the versions after which they may still be read. */
  readonly #logs: readonly VersionLog<K, S>[];
  readonly #readableAfter: number;
  // The key last read, so the usual get-then-put of one key computes its identity and looks it up once.
  readonly #changed: ChangedSinceMark<K, S>;
  #lastKey: unknown = NO_KEY;
  #lastId: unknown;
  #lastEntry: StoredEntry<K, S> | undefined;

  constructor(
    main: Map<unknown, StoredEntry<K, S>>,
    log: VersionLog<K, S>,
    index: TimeIndex<StoredEntry<K, S>> | undefined,
    logs: readonly VersionLog<K, S>[],
    releasedBefore: number,
    changed: ChangedSinceMark<K, S>,
  ) {
    this.#changed = changed;
    this.#main = main;
    this.log = log;
    this.#index = index;
    this.#logs = logs;
    this.#readableAfter = releasedBefore;
    this.version = log.version;
  }

  get(key: K): StateEntry<K, S> | undefined {
    const id = keyId(key);
    const entry = this.#main.get(id);
    this.#lastKey = key;
    this.#lastId = id;
    this.#lastEntry = entry;
    return entry;
  }

  put(key: K, state: S, updatedAtMs: number = this.version): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    let id: unknown;
    let entry: StoredEntry<K, S> | undefined;
    if (key === this.#lastKey) {
      id = this.#lastId;
      entry = this.#lastEntry;
    } else {
      id = keyId(key);
      entry = this.#main.get(id);
    }
    if (entry === undefined) {
      entry = new StoredEntry(this.#main, id, key, state, updatedAtMs, this.version);
      this.#main.set(id, entry);
      this.log.add(entry);
      this.#changed.note(entry);
      this.#index?.add(entry, updatedAtMs);
      this.#lastKey = key;
      this.#lastId = id;
      this.#lastEntry = entry;
      return;
    }
    this.#write(entry, state, updatedAtMs);
  }

  putEntry(entry: StateEntry<K, S>, state: S, updatedAtMs: number = this.version): boolean {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    if (!(entry instanceof StoredEntry) || entry.owner !== this.#main || !entry.live) return false;
    this.#write(entry as StoredEntry<K, S>, state, updatedAtMs);
    return true;
  }

  /** Changes a live entry of this store in place, setting aside what it held first in this version. */
  #write(entry: StoredEntry<K, S>, state: S, updatedAtMs: number): void {
    if (entry.writtenIn !== this.version) this.#firstChange(entry);
    entry.state = state;
    const from = entry.updatedAtMs;
    if (from !== updatedAtMs) {
      entry.updatedAtMs = updatedAtMs;
      const index = this.#index;
      if (index !== undefined) {
        index.leave(from);
        index.add(entry, updatedAtMs);
      }
    }
  }

  /** The entry's first change in this version: what it held before is set aside in it, and it is logged. */
  #firstChange(entry: StoredEntry<K, S>): void {
    const last = entry.writtenIn;
    // Its previous state belongs to version `last`, needed while the versions before that can be read.
    if (last > this.#readableAfter) this.#logOf(last)?.keepBefore(entry);
    entry.prevState = entry.state;
    entry.prevUpdatedAtMs = entry.updatedAtMs;
    entry.writtenIn = this.version;
    this.log.add(entry);
    this.#changed.note(entry);
  }

  #logOf(version: number): VersionLog<K, S> | undefined {
    const logs = this.#logs;
    for (let i = logs.length - 1; i >= 0; i--) if (logs[i].version === version) return logs[i];
    return undefined;
  }

  remove(key: K): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    const id = key === this.#lastKey ? this.#lastId : keyId(key);
    const entry = key === this.#lastKey ? this.#lastEntry : this.#main.get(id);
    this.#lastKey = NO_KEY;
    if (entry === undefined) return;
    if (entry.writtenIn !== this.version) this.#firstChange(entry);
    this.#main.delete(id);
    entry.live = false;
    this.#index?.leave(entry.updatedAtMs);
  }

  updatedBefore(thresholdMs: number): StateEntry<K, S>[] {
    const index = this.#index;
    if (index === undefined) {
      throw new IllegalStateError(
        'state store: created without a time index, so it cannot list entries by update time',
      );
    }
    return index.before(thresholdMs);
  }

  entries(): Iterable<StateEntry<K, S>> {
    return this.#main.values();
  }
}
