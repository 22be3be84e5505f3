// Type tests for keyed state, checked by `npm run typecheck` and never run: state operations compile only
// on pair streams, and the state and mapped types flow from the functions given.
import type { DStream, MapWithStateDStream, Rdd, State, Time } from '../../src/index.ts';
import { StateSpec } from '../../src/index.ts';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T>(): <V>(value: V, ...exact: Equal<V, T> extends true ? [] : [`expected another type`]) => void {
  return () => {};
}

declare const words: DStream<string>;
declare const counts: DStream<[string, number]>;
declare const initial: Rdd<[string, number]>;

const sum = (values: number[], state: number | undefined) => values.reduce((a, b) => a + b, 0) + (state ?? 0);
const spec = StateSpec.function((key: string, value: number | undefined, state: State<number>) => {
  state.update((state.getOption() ?? 0) + (value ?? 0));
  return [key, state.get()] as [string, number];
});

export function stateOnPairsOnly(): void {
  // @ts-expect-error updateStateByKey needs a stream of pairs
  words.updateStateByKey(sum);
  // @ts-expect-error mapWithState needs a stream of pairs
  words.mapWithState(spec);
}

export function typesFlow(): void {
  expectType<DStream<[string, number]>>()(counts.updateStateByKey(sum));
  expectType<DStream<[string, number]>>()(counts.updateStateByKey(sum, 4));
  expectType<DStream<[string, number]>>()(
    counts.updateStateByKey(sum, { initialRDD: initial, rememberPartitioner: false }),
  );
  expectType<DStream<[string, string[]]>>()(
    counts.updateStateByKey((values: number[], state: string[] | undefined, key: string, time: Time) => [
      ...(state ?? []),
      `${key}@${time}:${values.length}`,
    ]),
  );
  expectType<DStream<[string, number]>>()(
    counts.updateStateByKey({
      updatePartition: (keys: Iterable<[string, number[], number | undefined]>) =>
        [...keys].map(([k, vs, s]): [string, number] => [k, sum(vs, s)]),
    }),
  );
  const mapped = counts.mapWithState(spec);
  expectType<MapWithStateDStream<string, number, number, [string, number]>>()(mapped);
  expectType<DStream<[string, number]>>()(mapped.stateSnapshots());
  const withTime = StateSpec.function((time: Time, key: string, _v: number | undefined, _s: State<boolean>) =>
    time > 0 ? key : undefined,
  );
  expectType<MapWithStateDStream<string, number, boolean, string>>()(counts.mapWithState(withTime));
  // @ts-expect-error the update function's values must match the stream's values
  counts.updateStateByKey((values: string[], state: number | undefined) => values.length + (state ?? 0));
  // @ts-expect-error the spec's value type must match the stream's values
  counts.mapWithState(StateSpec.function((_k: string, _v: string | undefined, _s: State<number>) => 0));
}
