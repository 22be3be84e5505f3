import { IllegalStateError, NoSuchElementError } from '../core/index.ts';

/**
 * The state of one key as a `mapWithState` function sees it (Spark's `State`): read it, replace it or
 * remove it. A state that is timing out can be read but neither updated nor removed: the key is removed
 * after the call.
 *
 * @example
 * const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
 *   const sum = (value ?? 0) + (state.getOption() ?? 0);
 *   state.update(sum);
 *   return [key, sum] as const;
 * });
 */
export interface State<S> {
  /** Whether the key has a state. */
  exists(): boolean;
  /**
   * The state.
   * @throws NoSuchElementError when the key has no state (check {@link exists} first)
   */
  get(): S;
  /** The state, or `undefined` when the key has none (Spark's `getOption`, `None` as `undefined`). */
  getOption(): S | undefined;
  /**
   * Replaces the state.
   * @throws IllegalStateError when the state was removed in this call or is timing out
   */
  update(newState: S): void;
  /**
   * Removes the state.
   * @throws IllegalStateError when the state was already removed in this call or is timing out
   */
  remove(): void;
  /** Whether the key is being removed because it received no data for the spec's timeout. */
  isTimingOut(): boolean;
}

/**
 * The one mutable {@link State} a partition reuses for every record (as Spark's `StateImpl`), so the
 * per-record path allocates nothing for it.
 */
export class StateImpl<S> implements State<S> {
  #state: S | undefined;
  #defined = false;
  #timingOut = false;
  /** Set when the function called `update`. */
  updated = false;
  /** Set when the function called `remove`. */
  removed = false;

  /** Points this object at a key's current state (`defined` false: the key has none). */
  wrap(defined: boolean, state: S | undefined): void {
    this.#state = state;
    this.#defined = defined;
    this.#timingOut = false;
    this.updated = false;
    this.removed = false;
  }

  /** Points this object at the state of a key that is timing out. */
  wrapTimingOut(state: S): void {
    this.wrap(true, state);
    this.#timingOut = true;
  }

  exists(): boolean {
    return this.#defined;
  }
  get(): S {
    if (!this.#defined) {
      throw new NoSuchElementError('State is not set: check state.exists() before calling state.get()');
    }
    return this.#state as S;
  }
  getOption(): S | undefined {
    return this.#defined ? this.#state : undefined;
  }
  update(newState: S): void {
    if (this.removed) throw new IllegalStateError('Cannot update the state after it has been removed');
    if (this.#timingOut) throw new IllegalStateError('Cannot update the state that is timing out');
    this.#state = newState;
    this.#defined = true;
    this.updated = true;
  }
  remove(): void {
    if (this.#timingOut) throw new IllegalStateError('Cannot remove the state that is timing out');
    if (this.removed) throw new IllegalStateError('Cannot remove the state that has already been removed');
    this.#state = undefined;
    this.#defined = false;
    this.updated = false;
    this.removed = true;
  }
  isTimingOut(): boolean {
    return this.#timingOut;
  }
  toString(): string {
    return this.#defined ? String(this.#state) : '<state not set>';
  }
}
