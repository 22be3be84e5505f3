// Type tests for the windowed aggregations, checked by `npm run typecheck` and never run: the key-value
// ones compile only on streams of `[key, value]` pairs, both reduceByKeyAndWindow forms infer their
// result, and the functions must fit the value type. Each `@ts-expect-error` line must fail to compile.
import type { DStream, Partitioner } from '../../src/index.ts';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

function expectType<T>(): <V>(value: V, ...exact: Equal<V, T> extends true ? [] : [`expected another type`]) => void {
  return () => {};
}

declare const words: DStream<string>;
declare const numbers: DStream<number>;
declare const counts: DStream<[string, number]>;
declare const triples: DStream<[string, number, boolean]>;
declare const partitioner: Partitioner;
const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;

export function pairStreamsOnly(): void {
  // @ts-expect-error reduceByKeyAndWindow needs a stream of pairs
  numbers.reduceByKeyAndWindow(add, 2000);
  // @ts-expect-error nor does its inverse form compile on other streams
  numbers.reduceByKeyAndWindow(add, sub, 2000, 1000);
  // @ts-expect-error groupByKeyAndWindow needs a stream of pairs
  words.groupByKeyAndWindow(2000);
  // @ts-expect-error a triple is not a pair
  triples.reduceByKeyAndWindow(add, 2000);
}

export function inferred(): void {
  expectType<DStream<[string, number]>>()(counts.reduceByKeyAndWindow(add, 2000));
  expectType<DStream<[string, number]>>()(counts.reduceByKeyAndWindow(add, 2000, 1000, 4));
  expectType<DStream<[string, number]>>()(counts.reduceByKeyAndWindow(add, 2000, 1000, partitioner));
  expectType<DStream<[string, number]>>()(counts.reduceByKeyAndWindow(add, sub, 2000));
  expectType<DStream<[string, number]>>()(
    counts.reduceByKeyAndWindow(add, sub, 2000, 1000, partitioner, ([k, v]) => k.length > 0 && v !== 0),
  );
  expectType<DStream<[string, number[]]>>()(counts.groupByKeyAndWindow(2000, 1000, 2));
  expectType<DStream<number>>()(numbers.reduceByWindow(add, 2000, 1000));
  expectType<DStream<number>>()(numbers.reduceByWindow(add, sub, 2000, 1000));
  expectType<DStream<number>>()(words.countByWindow(2000, 1000));
  expectType<DStream<[string, number]>>()(words.countByValueAndWindow(2000));
  // Operations on any stream work on pair streams too.
  expectType<DStream<number>>()(counts.countByWindow(2000, 1000));

  // @ts-expect-error the inverse function must fit the value type
  counts.reduceByKeyAndWindow(add, (a: string, b: string) => a + b, 2000);
  // @ts-expect-error the filter function takes a record of the stream
  counts.reduceByKeyAndWindow(add, sub, 2000, 1000, 2, (r: [number, number]) => r[1] > 0);
  // @ts-expect-error reduceByWindow's function must merge records of the stream
  words.reduceByWindow(add, 2000, 1000);
  // @ts-expect-error reduceByWindow needs its slide, as in Spark
  numbers.reduceByWindow(add, 2000);
}
