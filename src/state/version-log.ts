import { IllegalStateError } from '../core/index.ts';
import type { StateEntry } from './state-store.ts';
import type { StoredEntry } from './stored-entry.ts';

/**
 * What one version of the memory store changed: the stored entries it changed (or created), in the order
 * of their first change in the version, one array push per entry. A key normally appears once per
 * version; a key removed and then added again in the same version appears twice (its old entry, then its
 * new one).
 *
 * What an entry held before the version is kept by the entry itself ({@link StoredEntry.prevState}) until
 * a later version changes it again. Only when that happens while this version's predecessors may still
 * be read does the entry hand its previous state over to this log ({@link keepBefore}), so a store read
 * no further back than the previous version (the usual case: each batch reads its own version, then it is
 * released) never copies a previous state anywhere. Once only checkpoints need the log ({@link forget}),
 * it keeps just which entries changed, which is all `changesSince` needs.
 */
export class VersionLog<K, S> {
  readonly version: number;
  /** The stored entries changed, in order (kept for as long as the log is: removals need their keys). */
  readonly entries: StoredEntry<K, S>[] = [];
  /** Previous states handed over by entries that changed again in a later version: position → state, time. */
  #kept: Map<number, [S, number]> | undefined;
  #forgotten = false;
  /** Whether an entry set aside an object (to let go of when the log is forgotten). */
  #setAsideObjects = false;
  /** Id → first position, built when an older version is first read key by key. */
  #firstPositions: Map<unknown, number> | undefined;

  constructor(version: number) {
    this.version = version;
  }

  get length(): number {
    return this.entries.length;
  }

  /** `entry` changes (or is created) for the first time in this version; its previous state is set aside in it. */
  add(entry: StoredEntry<K, S>): void {
    if (entry.createdIn !== this.version && typeof entry.prevState === 'object') this.#setAsideObjects = true;
    entry.logPosition = this.entries.length;
    this.entries.push(entry);
    this.#firstPositions = undefined;
  }

  /**
   * `entry`, changed in this version, is about to change in a later one: keeps what it held before this
   * version, while this version's predecessors may still be read.
   */
  keepBefore(entry: StoredEntry<K, S>): void {
    if (this.#forgotten || entry.createdIn === this.version) return;
    (this.#kept ??= new Map()).set(entry.logPosition, [entry.prevState, entry.prevUpdatedAtMs]);
  }

  /** Whether the key at position `i` had an entry before this version. */
  existedBefore(i: number): boolean {
    return this.entries[i].createdIn < this.version;
  }

  /** What position `i`'s key held before this version, as a plain entry, or `undefined` if nothing. */
  before(i: number): StateEntry<K, S> | undefined {
    if (this.#forgotten)
      throw new IllegalStateError(`state store: the changes of version ${this.version} are no longer kept`);
    const entry = this.entries[i];
    if (entry.createdIn >= this.version) return undefined;
    const kept = this.#kept?.get(i);
    if (kept !== undefined) return { key: entry.key, state: kept[0], updatedAtMs: kept[1] };
    return { key: entry.key, state: entry.prevState, updatedAtMs: entry.prevUpdatedAtMs };
  }

  /** The first position of `id` in this log, or -1. */
  firstPosition(id: unknown): number {
    let positions = this.#firstPositions;
    if (positions === undefined) {
      positions = new Map();
      const entries = this.entries;
      for (let i = 0; i < entries.length; i++) if (!positions.has(entries[i].id)) positions.set(entries[i].id, i);
      this.#firstPositions = positions;
    }
    return positions.get(id) ?? -1;
  }

  /**
   * Drops the previous states: the version will not be read or rolled back any more. Entries still
   * holding theirs let go of the objects among them, so no old state outlives its release.
   */
  forget(): void {
    if (this.#forgotten) return;
    if (this.#setAsideObjects) {
      for (const entry of this.entries) if (entry.writtenIn === this.version) entry.prevState = entry.state;
    }
    this.#forgotten = true;
    this.#kept = undefined;
    this.#firstPositions = undefined;
  }

  get forgotten(): boolean {
    return this.#forgotten;
  }
}
