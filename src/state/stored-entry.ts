import type { StateEntry } from './state-store.ts';

/**
 * A key's entry as the memory store keeps it: one object per key for as long as the key has state,
 * changed in place by later versions. It also keeps what it held before its first change in the version
 * that last changed it, so that version can be rolled back and the version before it read without any
 * log of previous states (see {@link VersionLog}). Reusing it means an update allocates nothing of the
 * store's own, so a batch leaves no garbage in proportion to the state.
 */
export class StoredEntry<K, S> implements StateEntry<K, S> {
  /** The map of the store that holds it, so a write by entry can tell the entry is that store's. */
  readonly owner: object;
  readonly id: unknown;
  readonly key: K;
  state: S;
  updatedAtMs: number;
  /** The version that created it: before that version its key had no entry (or another one). */
  readonly createdIn: number;
  /** The version that last changed it: a second change in that version needs no new log entry. */
  writtenIn: number;
  /** What it held before its first change in version `writtenIn` (meaningless when created in it). */
  prevState: S;
  prevUpdatedAtMs: number;
  /** Its position in the log of version `writtenIn`. */
  logPosition = 0;
  /** Whether the store holds it (false once removed, rolled back out, or replaced by a restore). */
  live = true;
  /** The last time-index pass that saw it, so a pass lists it once. */
  seen = 0;
  /** The last `changesSince` pass that listed it, so a pass lists it once. */
  listed = 0;
  /** The last pass of the store's changed-since-mark list that noted it, so a pass notes it once. */
  changedInPass = 0;

  constructor(owner: object, id: unknown, key: K, state: S, updatedAtMs: number, version: number) {
    this.owner = owner;
    this.id = id;
    this.key = key;
    this.state = state;
    this.updatedAtMs = updatedAtMs;
    this.createdIn = version;
    this.writtenIn = version;
    this.prevState = state;
    this.prevUpdatedAtMs = updatedAtMs;
  }
}
