import { IllegalStateError, keyId } from '../core/index.ts';
import type { StateChange, StateEntry, StateStore, StateWriter } from './state-store.ts';
import { TimeIndex } from './time-index.ts';

/** An entry as this store keeps it. Never changed once stored, so older versions share it safely. */
class StateRecord<K, S> implements StateEntry<K, S> {
  readonly key: K;
  readonly state: S;
  readonly updatedAtMs: number;
  /** The version that stored it: a key already changed in the version being written needs no new undo entry. */
  readonly writtenIn: number;
  constructor(key: K, state: S, updatedAtMs: number, writtenIn: number) {
    this.key = key;
    this.state = state;
    this.updatedAtMs = updatedAtMs;
    this.writtenIn = writtenIn;
  }
}

/** For each key a version changed: its record before that version (`undefined`: it had none). */
type UndoLog<K, S> = Map<unknown, StateRecord<K, S> | undefined>;

const NO_KEY = Symbol('no key');

export interface MemoryStateStoreOptions {
  /** Keep keys bucketed by update time, for {@link StateWriter.updatedBefore} (operators with a timeout). */
  readonly timeIndex?: boolean;
}

/**
 * The default state store: a `Map` holding the latest version, plus one undo log per retained version
 * (the records each version replaced). Writing a key costs a map write and, the first time in a version,
 * an undo entry; a failed update replays its undo log; an older version is the latest seen through the
 * undo logs of the versions after it. Nothing ever copies or scans the whole state, except
 * {@link entries}/{@link snapshot} themselves and {@link restore}.
 *
 * @example
 * const store = new MemoryStateStore<string, number>();
 * store.update(1000, (w) => w.put('a', 1));
 * store.update(2000, (w) => w.put('a', (w.get('a')?.state ?? 0) + 1));
 * store.get('a', 1000)?.state; // 1
 */
export class MemoryStateStore<K, S> implements StateStore<K, S> {
  readonly #main = new Map<unknown, StateRecord<K, S>>();
  /** Undo logs of committed versions, oldest first. */
  #logs: { readonly version: number; readonly undo: UndoLog<K, S> }[] = [];
  readonly #index: TimeIndex | undefined;
  #version: number | undefined;
  #writer: MemoryStateWriter<K, S> | undefined;
  #releasedBefore = Number.NEGATIVE_INFINITY;
  #mark: number | undefined;
  #closed = false;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.#index = options.timeIndex === true ? new TimeIndex() : undefined;
  }

  get version(): number | undefined {
    return this.#version;
  }
  /** Keys at the latest version (counting an update under way). */
  get size(): number {
    return this.#main.size;
  }

  update<R>(version: number, fn: (writer: StateWriter<K, S>) => R): R {
    this.#checkOpen();
    if (this.#writer !== undefined) {
      throw new IllegalStateError(
        `state store: cannot update version ${version} while version ${this.#writer.version} is being written`,
      );
    }
    if (this.#version !== undefined && version <= this.#version) {
      throw new IllegalStateError(
        `state store: version ${version} is not after the latest version ${this.#version}; versions only move forward`,
      );
    }
    const undo: UndoLog<K, S> = new Map();
    const writer = new MemoryStateWriter(this.#main, undo, this.#index, version);
    this.#writer = writer;
    let result: R;
    try {
      result = fn(writer);
    } catch (e) {
      this.#rollback(undo);
      throw e;
    } finally {
      writer.open = false;
      this.#writer = undefined;
    }
    this.#logs.push({ version, undo });
    this.#version = version;
    this.#trim();
    return result;
  }

  get(key: K, version?: number): StateEntry<K, S> | undefined {
    const overlays = this.#overlays(version);
    const id = keyId(key);
    for (const undo of overlays) if (undo.has(id)) return undo.get(id);
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
    this.#checkOpen();
    if (version > this.#releasedBefore) this.#releasedBefore = version;
    this.#trim();
  }

  markCheckpoint(version: number): void {
    this.#checkIdle('markCheckpoint');
    if (this.#version === undefined || version > this.#version) {
      throw new IllegalStateError(
        `state store: cannot mark version ${version} as checkpointed: the latest committed version is ${this.#version ?? 'none'}`,
      );
    }
    this.#requireKept(version, 'mark a checkpoint at');
    this.#mark = version;
    this.#trim();
  }

  changesSince(version: number): Iterable<StateChange<K, S>> {
    this.#checkIdle('changesSince');
    this.#requireKept(version, 'list the changes since');
    const before = new Map<unknown, StateRecord<K, S> | undefined>();
    for (const log of this.#logs) {
      if (log.version <= version) continue;
      for (const [id, prev] of log.undo) if (!before.has(id)) before.set(id, prev);
    }
    const changes: StateChange<K, S>[] = [];
    for (const [id, prev] of before) {
      const current = this.#main.get(id);
      if (current !== undefined) {
        changes.push({ key: current.key, state: current.state, updatedAtMs: current.updatedAtMs });
      } else if (prev !== undefined) {
        changes.push({ key: prev.key, removed: true });
      }
    }
    return changes;
  }

  restore(
    version: number,
    snapshot: Iterable<StateEntry<K, S>>,
    deltas: Iterable<Iterable<StateChange<K, S>>> = [],
  ): void {
    this.#checkIdle('restore');
    const main = this.#main;
    main.clear();
    this.#logs = [];
    for (const e of snapshot) main.set(keyId(e.key), new StateRecord(e.key, e.state, e.updatedAtMs, version));
    for (const delta of deltas) {
      for (const change of delta) {
        if (change.removed === true) main.delete(keyId(change.key));
        else main.set(keyId(change.key), new StateRecord(change.key, change.state, change.updatedAtMs, version));
      }
    }
    const index = this.#index;
    if (index !== undefined) {
      index.clear();
      for (const [id, record] of main) index.add(id, record.updatedAtMs);
    }
    this.#version = version;
    this.#releasedBefore = version;
    this.#mark = version;
  }

  close(): void {
    this.#main.clear();
    this.#logs = [];
    this.#index?.clear();
    this.#closed = true;
  }

  /** Undo logs to look through, oldest first, to read `version`; none for the latest version. */
  #overlays(version: number | undefined): UndoLog<K, S>[] {
    this.#checkOpen();
    const overlays: UndoLog<K, S>[] = [];
    if (version !== undefined && this.#version !== undefined && version < this.#version) {
      this.#requireKept(version, 'read');
      for (const log of this.#logs) if (log.version > version) overlays.push(log.undo);
    }
    // An update under way has changed the map already: committed versions are read around it.
    if (this.#writer !== undefined) overlays.push(this.#writer.undo);
    return overlays;
  }

  *#entriesThrough(overlays: UndoLog<K, S>[]): Generator<StateEntry<K, S>> {
    const replaced = new Map<unknown, StateRecord<K, S> | undefined>();
    for (const undo of overlays) for (const [id, prev] of undo) if (!replaced.has(id)) replaced.set(id, prev);
    for (const [id, record] of this.#main) if (!replaced.has(id)) yield record;
    for (const prev of replaced.values()) if (prev !== undefined) yield prev;
  }

  #rollback(undo: UndoLog<K, S>): void {
    const main = this.#main;
    const index = this.#index;
    for (const [id, prev] of undo) {
      const current = main.get(id);
      if (current !== undefined) index?.remove(id, current.updatedAtMs);
      if (prev === undefined) {
        main.delete(id);
      } else {
        main.set(id, prev);
        index?.add(id, prev.updatedAtMs);
      }
    }
  }

  /** Versions at or after this one stay readable (their undo logs are kept). */
  get #keptFrom(): number {
    return this.#mark === undefined ? this.#releasedBefore : Math.min(this.#mark, this.#releasedBefore);
  }

  #trim(): void {
    const keptFrom = this.#keptFrom;
    let n = 0;
    while (n < this.#logs.length && this.#logs[n].version <= keptFrom) n++;
    if (n > 0) this.#logs.splice(0, n);
  }

  #requireKept(version: number, what: string): void {
    if (version < this.#keptFrom) {
      throw new IllegalStateError(
        `state store: cannot ${what} version ${version}: versions before ${this.#keptFrom} are no longer kept`,
      );
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new IllegalStateError('state store is closed');
  }

  #checkIdle(what: string): void {
    this.#checkOpen();
    if (this.#writer !== undefined) {
      throw new IllegalStateError(`state store: cannot ${what} while version ${this.#writer.version} is being written`);
    }
  }
}

class MemoryStateWriter<K, S> implements StateWriter<K, S> {
  readonly version: number;
  readonly undo: UndoLog<K, S>;
  open = true;
  readonly #main: Map<unknown, StateRecord<K, S>>;
  readonly #index: TimeIndex | undefined;
  // The key last read, so the usual get-then-put of one key computes its identity and looks it up once.
  #lastKey: unknown = NO_KEY;
  #lastId: unknown;
  #lastRecord: StateRecord<K, S> | undefined;

  constructor(
    main: Map<unknown, StateRecord<K, S>>,
    undo: UndoLog<K, S>,
    index: TimeIndex | undefined,
    version: number,
  ) {
    this.#main = main;
    this.undo = undo;
    this.#index = index;
    this.version = version;
  }

  get(key: K): StateEntry<K, S> | undefined {
    const id = keyId(key);
    const record = this.#main.get(id);
    this.#lastKey = key;
    this.#lastId = id;
    this.#lastRecord = record;
    return record;
  }

  put(key: K, state: S, updatedAtMs: number = this.version): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    let id: unknown;
    let old: StateRecord<K, S> | undefined;
    if (key === this.#lastKey) {
      id = this.#lastId;
      old = this.#lastRecord;
    } else {
      id = keyId(key);
      old = this.#main.get(id);
    }
    const version = this.version;
    if (old === undefined) {
      if (!this.undo.has(id)) this.undo.set(id, undefined);
    } else if (old.writtenIn !== version) {
      this.undo.set(id, old);
    }
    const record = new StateRecord(key, state, updatedAtMs, version);
    this.#main.set(id, record);
    const index = this.#index;
    if (index !== undefined) {
      if (old === undefined) index.add(id, updatedAtMs);
      else index.move(id, old.updatedAtMs, updatedAtMs);
    }
    this.#lastKey = key;
    this.#lastId = id;
    this.#lastRecord = record;
  }

  remove(key: K): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    const id = key === this.#lastKey ? this.#lastId : keyId(key);
    const old = key === this.#lastKey ? this.#lastRecord : this.#main.get(id);
    this.#lastKey = NO_KEY;
    if (old === undefined) return;
    if (old.writtenIn !== this.version) this.undo.set(id, old);
    this.#main.delete(id);
    this.#index?.remove(id, old.updatedAtMs);
  }

  updatedBefore(thresholdMs: number): StateEntry<K, S>[] {
    const index = this.#index;
    if (index === undefined) {
      throw new IllegalStateError(
        'state store: created without a time index, so it cannot list entries by update time',
      );
    }
    this.#lastKey = NO_KEY;
    const out: StateEntry<K, S>[] = [];
    for (const id of index.before(thresholdMs)) {
      const record = this.#main.get(id);
      if (record !== undefined) out.push(record);
    }
    return out;
  }

  entries(): Iterable<StateEntry<K, S>> {
    return this.#main.values();
  }
}
