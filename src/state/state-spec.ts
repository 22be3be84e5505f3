import { InvalidArgumentError, requirePositiveDuration, type Time } from '../core/index.ts';
import { HashPartitioner, type Partitioner, type Rdd } from '../rdd/index.ts';
import type { State } from './state.ts';
import type { StateStoreChoice } from './state-store.ts';

/** Spark's simple mapping function: every call's result is a record of the output (even `undefined`). */
export type MappingFunction<K, V, S, M> = (key: K, value: V | undefined, state: State<S>) => M;

/** Spark's mapping function with the batch time: a call that returns `undefined` adds no record. */
export type MappingFunctionWithTime<K, V, S, M> = (
  time: Time,
  key: K,
  value: V | undefined,
  state: State<S>,
) => M | undefined;

/**
 * Everything `mapWithState` needs (Spark's `StateSpec`): the mapping function, and optionally the initial
 * state, the partitioning of the state, the idle timeout after which a key's state is removed, and the
 * state store. The setters change this spec and return it, as Spark's do.
 *
 * The function is called once per record of the batch with the key, the value and the key's
 * {@link State}; and, when a timeout is set, once more for each key idle for longer than the timeout, with
 * `value` undefined and `state.isTimingOut()` true, before the key is removed.
 *
 * @example
 * const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
 *   const count = (state.getOption() ?? 0) + (one ?? 0);
 *   state.update(count);
 *   return [word, count] as [string, number];
 * }).timeout(60_000);
 * const counts = pairs.mapWithState(spec); // DStream<[string, number]>
 */
export class StateSpec<K, V, S, M> {
  /** @internal The function as Spark's four-parameter form, with whether `undefined` results are records. */
  readonly mappingFunction: MappingFunctionWithTime<K, V, S, M>;
  /** @internal */
  readonly emitsUndefined: boolean;
  #partitioner: Partitioner | undefined;
  #initialState: Rdd<[K, S]> | undefined;
  #timeoutMs: number | undefined;
  #store: StateStoreChoice | undefined;

  private constructor(fn: MappingFunctionWithTime<K, V, S, M>, emitsUndefined: boolean) {
    this.mappingFunction = fn;
    this.emitsUndefined = emitsUndefined;
  }

  /**
   * A spec for `mappingFunction`. A function declaring four parameters is Spark's form with the batch
   * time first, `(time, key, value, state)`, whose `undefined` results add no record; a function of up
   * to three parameters is `(key, value, state)` and each of its results is a record.
   * @throws InvalidArgumentError when `mappingFunction` is not a function
   */
  static function<K, V, S, M>(mappingFunction: MappingFunction<K, V, S, M>): StateSpec<K, V, S, M>;
  static function<K, V, S, M>(mappingFunction: MappingFunctionWithTime<K, V, S, M>): StateSpec<K, V, S, M>;
  static function<K, V, S, M>(
    mappingFunction: MappingFunction<K, V, S, M> | MappingFunctionWithTime<K, V, S, M>,
  ): StateSpec<K, V, S, M> {
    if (typeof mappingFunction !== 'function') {
      throw new InvalidArgumentError(`StateSpec.function needs a function, got ${String(mappingFunction)}`);
    }
    if (mappingFunction.length >= 4) {
      return new StateSpec(mappingFunction as MappingFunctionWithTime<K, V, S, M>, false);
    }
    const simple = mappingFunction as MappingFunction<K, V, S, M>;
    return new StateSpec((_time, key, value, state) => simple(key, value, state), true);
  }

  /** State to start from, as `[key, state]` pairs (updated at the first batch's time, as in Spark). */
  initialState(rdd: Rdd<[K, S]>): this {
    this.#initialState = rdd;
    return this;
  }
  /**
   * Hash-partition the state into `numPartitions` partitions.
   * @throws InvalidArgumentError when `numPartitions` is not a whole number >= 1
   */
  numPartitions(numPartitions: number): this {
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new InvalidArgumentError(`StateSpec.numPartitions must be a whole number >= 1, got ${numPartitions}`);
    }
    this.#partitioner = new HashPartitioner(numPartitions);
    return this;
  }
  /**
   * Partition the state with `partitioner`.
   * @throws InvalidArgumentError when it has no partitions
   */
  partitioner(partitioner: Partitioner): this {
    if (partitioner.numPartitions < 1) {
      throw new InvalidArgumentError(
        `StateSpec.partitioner needs at least one partition, got ${partitioner.numPartitions}`,
      );
    }
    this.#partitioner = partitioner;
    return this;
  }
  /**
   * Remove a key's state once it has received no data for more than `timeoutMs`; the function is called
   * for it one last time with `state.isTimingOut()` true.
   * @throws InvalidDurationError when `timeoutMs` is not a positive whole number of ms
   */
  timeout(timeoutMs: number): this {
    this.#timeoutMs = requirePositiveDuration('StateSpec.timeout', timeoutMs);
    return this;
  }
  /** Where the state is kept (default: the context's `stateStore` option, else memory). */
  stateStore(choice: StateStoreChoice): this {
    this.#store = choice;
    return this;
  }

  /** @internal */
  getPartitioner(): Partitioner | undefined {
    return this.#partitioner;
  }
  /** @internal */
  getInitialState(): Rdd<[K, S]> | undefined {
    return this.#initialState;
  }
  /** @internal */
  getTimeoutMs(): number | undefined {
    return this.#timeoutMs;
  }
  /** @internal */
  getStateStore(): StateStoreChoice | undefined {
    return this.#store;
  }
}
