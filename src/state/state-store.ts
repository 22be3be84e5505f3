/** One key's state as stored: the key, its state and the batch time of its last update. */
export interface StateEntry<K, S> {
  readonly key: K;
  readonly state: S;
  /** Batch time (ms) of the last update; timeouts count from it. */
  readonly updatedAtMs: number;
}

/** What happened to a key since a version: its new entry, or its removal. */
export type StateChange<K, S> =
  | (StateEntry<K, S> & { readonly removed?: false })
  | { readonly key: K; readonly removed: true };

/** The changes one {@link StateStore.update} makes, seen through the store while they are made. */
export interface StateWriter<K, S> {
  /** The version (batch time, ms) being written. */
  readonly version: number;
  /** The key's entry, including this writer's own changes. */
  get(key: K): StateEntry<K, S> | undefined;
  /** Sets the key's state, updated at `updatedAtMs` (default: the version being written). */
  put(key: K, state: S, updatedAtMs?: number): void;
  /**
   * Optional fast path: sets the state of `entry`, an entry this writer's store returned (by `get` in this
   * or an earlier version), without looking its key up, when it is still the key's current entry. Returns
   * false, changing nothing, when it is not (the key was removed, the version that made it was rolled
   * back, the store was restored, or the entry is another store's): then write by key. Stores without it
   * are written by key.
   */
  putEntry?(entry: StateEntry<K, S>, state: S, updatedAtMs?: number): boolean;
  /** Removes the key; nothing happens when it has no state. */
  remove(key: K): void;
  /**
   * The entries last updated strictly before `thresholdMs`, oldest first, read from the store's time index:
   * the cost is proportional to the entries returned, never to the whole state.
   * @throws IllegalStateError when the store was created without a time index
   */
  updatedBefore(thresholdMs: number): StateEntry<K, S>[];
  /** Every entry as this writer sees it, in no particular order. */
  entries(): Iterable<StateEntry<K, S>>;
}

/**
 * Keyed state of one partition of one stateful operator, versioned by batch time. A batch writes the next
 * version inside {@link update}: when its function throws, every change it made is undone and the
 * previous version stays the latest. Versions written earlier stay readable (by {@link get} and
 * {@link entries}) until {@link release}d, so a dataset of an older batch that is read late is still right.
 *
 * The checkpoint methods: {@link markCheckpoint} pins the version a checkpoint covers, {@link changesSince}
 * lists what changed after it (incremental checkpoint), {@link snapshot} exports everything (full
 * checkpoint), and {@link restore} rebuilds the store from a snapshot plus later changes.
 */
export interface StateStore<K, S> {
  /** The latest committed version (batch time, ms), or `undefined` when nothing was committed or restored. */
  readonly version: number | undefined;
  /** Number of keys at the latest committed version. */
  readonly size: number;
  /**
   * Writes `version` through `fn` and commits it, or undoes everything and rethrows when `fn` throws.
   * @throws IllegalStateError when `version` is not after the latest version, or an update is under way
   */
  update<R>(version: number, fn: (writer: StateWriter<K, S>) => R): R;
  /**
   * A key's entry at `version` (default: the latest committed).
   * @throws IllegalStateError when that version was released
   */
  get(key: K, version?: number): StateEntry<K, S> | undefined;
  /**
   * Every entry at `version` (default: the latest committed). Read them before the next update when
   * reading the latest version: entries are produced lazily.
   * @throws IllegalStateError when that version was released
   */
  entries(version?: number): Iterable<StateEntry<K, S>>;
  /** Versions before `version` will not be read any more: what kept them readable may be dropped. */
  release(version: number): void;
  /**
   * A checkpoint now holds the state as of `version` (a committed version): changes after it are kept
   * until the next mark, for {@link changesSince}.
   */
  markCheckpoint(version: number): void;
  /**
   * Keys changed after `version` up to the latest committed version, with their latest entry or their
   * removal; each key once.
   * @throws IllegalStateError when changes since `version` are no longer kept (not marked or released)
   */
  changesSince(version: number): Iterable<StateChange<K, S>>;
  /** Every entry at `version` (default: latest committed) as plain `{ key, state, updatedAtMs }` objects. */
  snapshot(version?: number): Iterable<StateEntry<K, S>>;
  /**
   * Replaces the whole store by `snapshot` followed by each batch of `deltas` in order, as of `version`
   * (which becomes the latest and the marked version).
   */
  restore(version: number, snapshot: Iterable<StateEntry<K, S>>, deltas?: Iterable<Iterable<StateChange<K, S>>>): void;
  /** Frees the store (and deletes its files, for stores on disk); it cannot be used afterwards. */
  close(): void;
}

/** What a store factory is told about the store it makes. */
export interface StateStoreContext {
  /** The operator, e.g. `mapWithState-4` (operation and stream id): unique in a context. */
  readonly operator: string;
  readonly partition: number;
  /** Whether the operator asks for entries by update time (it has a timeout). */
  readonly timeIndex: boolean;
  /** Where stores on disk go unless told otherwise: a folder under the checkpoint directory, or undefined. */
  readonly baseDirectory: string | undefined;
}

/** Makes the store of one partition of one operator. */
export type StateStoreFactory = (context: StateStoreContext) => StateStore<unknown, unknown>;

/** Options of the store on disk, for the `stateStore` settings. */
export interface LmdbStoreChoice {
  readonly kind: 'lmdb';
  /**
   * Folder under which each partition of each operator gets its own folder. Default: `state/` in the
   * checkpoint directory, else a new temporary folder. Stores delete their folders when the context stops.
   */
  readonly directory?: string;
}

/**
 * Which store keeps an operator's state: `'memory'` (the default), `'lmdb'` (on disk, for state larger than
 * the heap), lmdb options, or a factory of your own.
 */
export type StateStoreChoice = 'memory' | 'lmdb' | LmdbStoreChoice | StateStoreFactory;
