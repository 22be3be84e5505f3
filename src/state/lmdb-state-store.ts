// The only module that imports lmdb (LMDB through lmdb-js: a memory-mapped B-tree file, so the state can
// outgrow the V8 heap). Long because it is one store: its layout, writer, version reads and checkpoint
// methods only make sense together.
import { mkdirSync, rmSync } from 'node:fs';
import { type Database, open, type RootDatabase } from 'lmdb';
import { IllegalStateError, keyId } from '../core/index.ts';
import type { StateChange, StateEntry, StateStore, StateWriter } from './state-store.ts';
import { StoreVersions } from './store-versions.ts';

/** A key as LMDB orders and compares it: numbers and strings as they are, the rest as tagged strings. */
type LmdbKey = string | number;
/** A stored entry: `[key, state, updatedAtMs]`; in the undo table, `null` stands for "had none". */
type Row = [unknown, unknown, number];

const NO_KEY = Symbol('no key');

function lmdbKey(key: unknown): LmdbKey {
  const id = keyId(key);
  switch (typeof id) {
    case 'string':
      return id;
    case 'number':
      if (Number.isNaN(id)) return '\u0000pNaN';
      return id === 0 ? 0 : id;
    default:
      // keyId already escapes strings that start with NUL, so these tags cannot meet a user's string.
      return `\u0000p${typeof id}:${String(id)}`;
  }
}

const toEntry = <K, S>(row: Row | null | undefined): StateEntry<K, S> | undefined =>
  row == null ? undefined : { key: row[0] as K, state: row[1] as S, updatedAtMs: row[2] };

export interface LmdbStateStoreOptions {
  /** The store's own folder: created empty, deleted by {@link LmdbStateStore.close}. */
  readonly directory: string;
  /** Keep the entries indexed by update time, for {@link StateWriter.updatedBefore}. */
  readonly timeIndex?: boolean;
}

/**
 * A state store on disk (LMDB), for state larger than the heap: three tables in one environment — the
 * entries by key, the time index by `[updatedAtMs, key]`, and the undo log by `[version, key]` holding
 * what each version replaced. An update gathers its changes in memory and writes them in one LMDB
 * transaction at the end, so a failed update writes nothing. States are stored as msgpack (plain data,
 * `Map`, `Set`, `Date`, bigint; class instances come back as plain objects). Keys longer than LMDB's
 * limit (about 1,900 bytes encoded) are refused by LMDB.
 *
 * @example
 * const store = new LmdbStateStore<string, number>({ directory: '/tmp/app-state/p0' });
 * store.update(1000, (w) => w.put('a', 1));
 * store.close(); // deletes the folder
 */
export class LmdbStateStore<K, S> implements StateStore<K, S> {
  readonly directory: string;
  readonly #env: RootDatabase;
  readonly #main: Database<Row, LmdbKey>;
  readonly #undo: Database<Row | null, [number, LmdbKey]>;
  readonly #byTime: Database<null, [number, LmdbKey]> | undefined;
  /** Versions whose undo logs are kept, oldest first. */
  #logVersions: number[] = [];
  readonly #versions = new StoreVersions();
  #size = 0;

  constructor(options: LmdbStateStoreOptions) {
    this.directory = options.directory;
    rmSync(this.directory, { recursive: true, force: true });
    mkdirSync(this.directory, { recursive: true });
    // No fsync: the store is rebuilt from checkpoints after a crash, never read back from its own files.
    this.#env = open({ path: this.directory, maxDbs: 4, noSync: true, compression: false });
    this.#main = this.#env.openDB<Row, LmdbKey>({ name: 'entries' });
    this.#undo = this.#env.openDB<Row | null, [number, LmdbKey]>({ name: 'undo' });
    this.#byTime =
      options.timeIndex === true ? this.#env.openDB<null, [number, LmdbKey]>({ name: 'by-time' }) : undefined;
  }

  get version(): number | undefined {
    return this.#versions.latest;
  }
  get size(): number {
    return this.#size;
  }

  update<R>(version: number, fn: (writer: StateWriter<K, S>) => R): R {
    this.#versions.beginUpdate(version);
    const writer = new LmdbStateWriter<K, S>(this.#main, this.#byTime, version);
    let committed = false;
    try {
      const result = fn(writer);
      writer.open = false;
      this.#commit(version, writer.pending);
      committed = true;
      return result;
    } finally {
      writer.open = false;
      this.#versions.endUpdate(committed);
      if (committed) this.#trim();
    }
  }

  get(key: K, version?: number): StateEntry<K, S> | undefined {
    const lk = lmdbKey(key);
    for (const v of this.#overlayVersions(version)) {
      const prev = this.#undo.get([v, lk]);
      if (prev !== undefined) return toEntry(prev);
    }
    return toEntry(this.#main.get(lk));
  }

  entries(version?: number): Iterable<StateEntry<K, S>> {
    const overlays = this.#overlayVersions(version);
    return overlays.length === 0 ? this.#allEntries() : this.#entriesThrough(overlays);
  }

  snapshot(version?: number): Iterable<StateEntry<K, S>> {
    return this.entries(version);
  }

  release(version: number): void {
    this.#versions.release(version);
    this.#trim();
  }

  markCheckpoint(version: number): void {
    this.#versions.mark(version);
    this.#trim();
  }

  changesSince(version: number): Iterable<StateChange<K, S>> {
    this.#versions.requireIdle('changesSince');
    this.#versions.requireKept(version, 'list the changes since');
    const before = new Map<LmdbKey, Row | null>();
    for (const v of this.#logVersions) {
      if (v <= version) continue;
      for (const { key, value } of this.#undo.getRange({ start: [v], end: [v + 1] })) {
        if (!before.has(key[1])) before.set(key[1], value);
      }
    }
    const changes: StateChange<K, S>[] = [];
    for (const [lk, prev] of before) {
      const current = this.#main.get(lk);
      if (current !== undefined) {
        changes.push({ key: current[0] as K, state: current[1] as S, updatedAtMs: current[2] });
      } else if (prev !== null) {
        changes.push({ key: prev[0] as K, removed: true });
      }
    }
    return changes;
  }

  restore(
    version: number,
    snapshot: Iterable<StateEntry<K, S>>,
    deltas: Iterable<Iterable<StateChange<K, S>>> = [],
  ): void {
    this.#versions.requireIdle('restore');
    const main = this.#main;
    const byTime = this.#byTime;
    this.#env.transactionSync(() => {
      main.clearSync();
      this.#undo.clearSync();
      byTime?.clearSync();
      for (const e of snapshot) main.putSync(lmdbKey(e.key), [e.key, e.state, e.updatedAtMs]);
      for (const delta of deltas) {
        for (const change of delta) {
          if (change.removed === true) main.removeSync(lmdbKey(change.key));
          else main.putSync(lmdbKey(change.key), [change.key, change.state, change.updatedAtMs]);
        }
      }
      let size = 0;
      for (const { key, value } of main.getRange()) {
        size++;
        byTime?.putSync([value[2], key], null);
      }
      this.#size = size;
    });
    this.#logVersions = [];
    this.#versions.restored(version);
  }

  close(): void {
    if (this.#versions.closed) return;
    this.#versions.close();
    void this.#env.close();
    rmSync(this.directory, { recursive: true, force: true });
  }

  #commit(version: number, pending: Map<LmdbKey, Row | null>): void {
    const main = this.#main;
    const undo = this.#undo;
    const byTime = this.#byTime;
    let size = this.#size;
    this.#env.transactionSync(() => {
      for (const [lk, row] of pending) {
        const old = main.get(lk);
        if (old === undefined && row === null) continue;
        undo.putSync([version, lk], old ?? null);
        if (old !== undefined) byTime?.removeSync([old[2], lk]);
        if (row === null) {
          main.removeSync(lk);
          size--;
        } else {
          main.putSync(lk, row);
          byTime?.putSync([row[2], lk], null);
          if (old === undefined) size++;
        }
      }
    });
    this.#size = size;
    this.#logVersions.push(version);
  }

  *#allEntries(): Generator<StateEntry<K, S>> {
    for (const { value } of this.#main.getRange())
      yield { key: value[0] as K, state: value[1] as S, updatedAtMs: value[2] };
  }

  *#entriesThrough(overlays: number[]): Generator<StateEntry<K, S>> {
    const replaced = new Map<LmdbKey, Row | null>();
    for (const v of overlays) {
      for (const { key, value } of this.#undo.getRange({ start: [v], end: [v + 1] })) {
        if (!replaced.has(key[1])) replaced.set(key[1], value);
      }
    }
    for (const { key, value } of this.#main.getRange()) {
      if (!replaced.has(key)) yield { key: value[0] as K, state: value[1] as S, updatedAtMs: value[2] };
    }
    for (const row of replaced.values()) {
      if (row !== null) yield { key: row[0] as K, state: row[1] as S, updatedAtMs: row[2] };
    }
  }

  /** Versions whose undo logs must be looked through, oldest first, to read `version`. */
  #overlayVersions(version: number | undefined): number[] {
    const versions = this.#versions;
    versions.requireOpen();
    const latest = versions.latest;
    if (version === undefined || latest === undefined || version >= latest) return [];
    versions.requireKept(version, 'read');
    return this.#logVersions.filter((v) => v > version);
  }

  #trim(): void {
    const keptFrom = this.#versions.changesKeptFrom;
    const dropped: number[] = [];
    while (this.#logVersions.length > 0 && this.#logVersions[0] <= keptFrom)
      dropped.push(this.#logVersions.shift() as number);
    if (dropped.length === 0) return;
    const undo = this.#undo;
    this.#env.transactionSync(() => {
      for (const v of dropped) {
        for (const key of undo.getKeys({ start: [v], end: [v + 1] })) undo.removeSync(key);
      }
    });
  }
}

/** Gathers one update's changes in memory (`null`: removed); the store writes them at commit. */
class LmdbStateWriter<K, S> implements StateWriter<K, S> {
  readonly version: number;
  readonly pending = new Map<LmdbKey, Row | null>();
  open = true;
  readonly #main: Database<Row, LmdbKey>;
  readonly #byTime: Database<null, [number, LmdbKey]> | undefined;
  #lastKey: unknown = NO_KEY;
  #lastId: LmdbKey = 0;

  constructor(main: Database<Row, LmdbKey>, byTime: Database<null, [number, LmdbKey]> | undefined, version: number) {
    this.#main = main;
    this.#byTime = byTime;
    this.version = version;
  }

  #id(key: unknown): LmdbKey {
    if (key !== this.#lastKey) {
      this.#lastKey = key;
      this.#lastId = lmdbKey(key);
    }
    return this.#lastId;
  }

  #row(lk: LmdbKey): Row | undefined {
    const row = this.pending.get(lk);
    if (row !== undefined) return row ?? undefined;
    return this.#main.get(lk);
  }

  get(key: K): StateEntry<K, S> | undefined {
    return toEntry(this.#row(this.#id(key)));
  }

  put(key: K, state: S, updatedAtMs: number = this.version): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    this.pending.set(this.#id(key), [key, state, updatedAtMs]);
  }

  remove(key: K): void {
    if (!this.open) throw new IllegalStateError('state store: this update has ended');
    const lk = this.#id(key);
    if (this.pending.has(lk) || this.#main.get(lk) !== undefined) this.pending.set(lk, null);
  }

  updatedBefore(thresholdMs: number): StateEntry<K, S>[] {
    const byTime = this.#byTime;
    if (byTime === undefined) {
      throw new IllegalStateError(
        'state store: created without a time index, so it cannot list entries by update time',
      );
    }
    const out: StateEntry<K, S>[] = [];
    for (const [, lk] of byTime.getKeys({ end: [thresholdMs] })) {
      if (this.pending.has(lk)) continue;
      const row = this.#main.get(lk);
      if (row !== undefined) out.push({ key: row[0] as K, state: row[1] as S, updatedAtMs: row[2] });
    }
    for (const row of this.pending.values()) {
      if (row !== null && row[2] < thresholdMs) out.push({ key: row[0] as K, state: row[1] as S, updatedAtMs: row[2] });
    }
    return out.sort((a, b) => a.updatedAtMs - b.updatedAtMs);
  }

  entries(): Iterable<StateEntry<K, S>> {
    const out: StateEntry<K, S>[] = [];
    for (const { key, value } of this.#main.getRange()) {
      if (!this.pending.has(key)) out.push({ key: value[0] as K, state: value[1] as S, updatedAtMs: value[2] });
    }
    for (const row of this.pending.values()) {
      if (row !== null) out.push({ key: row[0] as K, state: row[1] as S, updatedAtMs: row[2] });
    }
    return out;
  }
}
