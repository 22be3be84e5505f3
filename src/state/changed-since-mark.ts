import type { StoredEntry } from './stored-entry.ts';

/**
 * The entries the memory store changed since its checkpoint mark, each once, in the order of their first
 * change: what `changesSince(mark)` lists, gathered as the writes happen (the entry is at hand then), so
 * a delta checkpoint costs in proportion to the keys it writes, not to the changes the logs recorded
 * over the interval (a key changed in every batch of the interval is one entry here, ten in the logs).
 */
export class ChangedSinceMark<K, S> {
  /** The version the list counts from; `undefined` when it cannot answer (see {@link reset}). */
  from: number | undefined;
  #entries: StoredEntry<K, S>[] = [];
  #pass = 1;

  get entries(): readonly StoredEntry<K, S>[] {
    return this.#entries;
  }

  note(entry: StoredEntry<K, S>): void {
    if (entry.changedInPass === this.#pass) return;
    entry.changedInPass = this.#pass;
    this.#entries.push(entry);
  }

  /** Starts a new list counting from `from` (`undefined`: nothing to count from; the logs answer). */
  reset(from: number | undefined): void {
    this.#pass++;
    this.#entries = [];
    this.from = from;
  }
}
