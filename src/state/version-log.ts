import { IllegalStateError } from '../core/index.ts';
import type { StateEntry } from './state-store.ts';
import type { StoredEntry } from './stored-entry.ts';

/** Marks a log position whose key had no entry before the version. */
const ABSENT: unique symbol = Symbol('absent');

/**
 * What one version of the memory store changed: for each key it changed, the stored entry and what that
 * entry held before (or that the key had none), in the order of the changes, kept in parallel arrays so
 * logging a change allocates nothing per key. A key normally appears once per version; a key removed
 * and then added again in the same version appears twice (its first position says what came before).
 *
 * While the version may still be read or rolled back the log keeps the previous states. Once only
 * checkpoints need it ({@link forget}), it keeps just which entries changed and whether each key had one
 * before, which is all `changesSince` needs, so old states are not held until the next checkpoint.
 */
export class VersionLog<K, S> {
  readonly version: number;
  /** The stored entries changed, in order (kept for as long as the log is: removals need their keys). */
  readonly entries: StoredEntry<K, S>[] = [];
  /**
   * What each position's entry held before, as two slots per position (state or ABSENT, then update
   * time): one array written in turn costs less per change than two.
   */
  #before: unknown[] | undefined = [];
  #existed: Uint8Array | undefined;
  /** Id → first position, built when an older version is first read key by key. */
  #firstPositions: Map<unknown, number> | undefined;

  constructor(version: number) {
    this.version = version;
  }

  get length(): number {
    return this.entries.length;
  }

  /** `entry` is about to change in this version; it held `state` at `updatedAtMs` before. */
  changed(entry: StoredEntry<K, S>, state: S, updatedAtMs: number): void {
    this.entries.push(entry);
    const before = this.#before;
    if (before !== undefined) before.push(state, updatedAtMs);
    this.#firstPositions = undefined;
  }

  /** `entry` was created in this version: its key had none before. */
  created(entry: StoredEntry<K, S>): void {
    this.entries.push(entry);
    const before = this.#before;
    if (before !== undefined) before.push(ABSENT, 0);
    this.#firstPositions = undefined;
  }

  /** Whether the key at position `i` had an entry before this version. */
  existedBefore(i: number): boolean {
    const existed = this.#existed;
    return existed === undefined ? this.#requireBefore()[2 * i] !== ABSENT : existed[i] === 1;
  }

  /** What position `i`'s key held before this version, as a plain entry, or `undefined` if nothing. */
  before(i: number): StateEntry<K, S> | undefined {
    const before = this.#requireBefore();
    const state = before[2 * i];
    if (state === ABSENT) return undefined;
    return { key: this.entries[i].key, state: state as S, updatedAtMs: before[2 * i + 1] as number };
  }

  /** The state and update time position `i`'s key had before this version (when {@link existedBefore}). */
  previousState(i: number): S {
    return this.#requireBefore()[2 * i] as S;
  }
  previousTime(i: number): number {
    return this.#requireBefore()[2 * i + 1] as number;
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

  /** Drops the previous states: the version will not be read or rolled back any more. */
  forget(): void {
    const before = this.#before;
    if (before === undefined) return;
    const existed = new Uint8Array(this.entries.length);
    for (let i = 0; i < existed.length; i++) existed[i] = before[2 * i] === ABSENT ? 0 : 1;
    this.#existed = existed;
    this.#before = undefined;
    this.#firstPositions = undefined;
  }

  get forgotten(): boolean {
    return this.#before === undefined;
  }

  #requireBefore(): unknown[] {
    const before = this.#before;
    if (before === undefined)
      throw new IllegalStateError(`state store: the changes of version ${this.version} are no longer kept`);
    return before;
  }
}
