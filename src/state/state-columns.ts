import type { StateChange, StateEntry } from './state-store.ts';

/**
 * Entries column by column: entry `i` is `keys[i]`, `states[i]`, `updatedAtMs[i]`. State checkpoints
 * store entries this way, and the memory store writes and restores them without an object per entry
 * (a million entries would be a million objects to allocate, and then to collect). Iterating yields
 * plain entries, for stores that take any iterable.
 */
export class StateColumns<K, S> implements Iterable<StateEntry<K, S>> {
  readonly keys: readonly K[];
  readonly states: readonly S[];
  readonly updatedAtMs: ArrayLike<number>;

  constructor(keys: readonly K[], states: readonly S[], updatedAtMs: ArrayLike<number>) {
    this.keys = keys;
    this.states = states;
    this.updatedAtMs = updatedAtMs;
  }

  /** The entries of `entries`, read once. */
  static from<K, S>(entries: Iterable<StateEntry<K, S>>): StateColumns<K, S> {
    const keys: K[] = [];
    const states: S[] = [];
    const times: number[] = [];
    for (const e of entries) {
      keys.push(e.key);
      states.push(e.state);
      times.push(e.updatedAtMs);
    }
    return new StateColumns(keys, states, times);
  }

  get length(): number {
    return this.keys.length;
  }

  *[Symbol.iterator](): Iterator<StateEntry<K, S>> {
    const { keys, states, updatedAtMs } = this;
    for (let i = 0; i < keys.length; i++) yield { key: keys[i], state: states[i], updatedAtMs: updatedAtMs[i] };
  }
}

/**
 * Changes column by column: the entries put (their latest state) and the keys removed, each key once.
 * Iterating yields the puts, then the removals.
 */
export class StateChangeColumns<K, S> implements Iterable<StateChange<K, S>> {
  readonly changed: StateColumns<K, S>;
  readonly removed: readonly K[];

  constructor(changed: StateColumns<K, S>, removed: readonly K[]) {
    this.changed = changed;
    this.removed = removed;
  }

  /** The changes of `changes`, read once. */
  static from<K, S>(changes: Iterable<StateChange<K, S>>): StateChangeColumns<K, S> {
    if (changes instanceof StateChangeColumns) return changes as StateChangeColumns<K, S>;
    const keys: K[] = [];
    const states: S[] = [];
    const times: number[] = [];
    const removed: K[] = [];
    for (const c of changes) {
      if (c.removed === true) removed.push(c.key);
      else {
        keys.push(c.key);
        states.push(c.state);
        times.push(c.updatedAtMs);
      }
    }
    return new StateChangeColumns(new StateColumns(keys, states, times), removed);
  }

  *[Symbol.iterator](): Iterator<StateChange<K, S>> {
    yield* this.changed;
    for (const key of this.removed) yield { key, removed: true };
  }
}
