// Type tests, checked by `npm run typecheck` and never run: key-value operations take a `this` parameter
// so they compile only on streams and datasets of `[key, value]` pairs (DESIGN.md, "Typed pair
// operations"). Each `@ts-expect-error` line must fail to compile; each `expectType` must compile.
import type { DStream, Partitioner, Rdd } from '../../src/index.ts';

/** True when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** Compiles when `value` has exactly type T. */
function expectType<T>(): <V>(value: V, ...exact: Equal<V, T> extends true ? [] : [`expected another type`]) => void {
  return () => {};
}

declare const words: DStream<string>;
declare const numbers: DStream<number>;
declare const counts: DStream<[string, number]>;
declare const flags: DStream<[string, boolean]>;
declare const byNumber: DStream<[number, boolean]>;
declare const triples: DStream<[string, number, boolean]>;
declare const loose: DStream<(string | number)[]>;
declare const partitioner: Partitioner;
const same = (x: number): number => x;
const add = (a: number, b: number): number => a + b;

declare const numberRdd: Rdd<number>;
declare const countRdd: Rdd<[string, number]>;
declare const flagRdd: Rdd<[string, boolean]>;

export function pairStreamsOnly(): void {
  // @ts-expect-error reduceByKey needs a stream of pairs
  words.reduceByKey((a, b) => a + b);
  // @ts-expect-error groupByKey needs a stream of pairs
  words.groupByKey();
  // @ts-expect-error mapValues needs a stream of pairs
  words.mapValues((v) => v);
  // @ts-expect-error flatMapValues needs a stream of pairs
  numbers.flatMapValues((v) => [v]);
  // @ts-expect-error combineByKey needs a stream of pairs
  numbers.combineByKey(same, add, add);
  // @ts-expect-error partitionBy needs a stream of pairs
  words.partitionBy(partitioner);
  // @ts-expect-error join needs a stream of pairs on this side
  words.join(counts);
  // @ts-expect-error join needs a stream of pairs on the other side
  counts.join(words);
  // @ts-expect-error leftOuterJoin needs streams of pairs
  numbers.leftOuterJoin(counts);
  // @ts-expect-error rightOuterJoin needs streams of pairs
  counts.rightOuterJoin(numbers);
  // @ts-expect-error fullOuterJoin needs streams of pairs
  words.fullOuterJoin(flags);
  // @ts-expect-error cogroup needs streams of pairs
  words.cogroup(flags);
  // @ts-expect-error a triple is not a pair
  triples.reduceByKey((a, b) => a + b);
  // @ts-expect-error an array is not a pair: `map((w) => [w, 1])` needs a `[string, number]` return type
  loose.reduceByKey((a) => a);
}

export function pairStreamsInfer(): void {
  expectType<DStream<[string, number]>>()(counts.reduceByKey((a, b) => a + b));
  expectType<DStream<[string, number]>>()(counts.reduceByKey((a, b) => a + b, 4));
  expectType<DStream<[string, number[]]>>()(counts.groupByKey());
  expectType<DStream<[string, string]>>()(counts.mapValues((v) => v.toFixed(1)));
  expectType<DStream<[string, boolean]>>()(counts.flatMapValues((v) => [v > 0]));
  expectType<DStream<[string, Set<number>]>>()(
    counts.combineByKey(
      (v) => new Set([v]),
      (s, v) => s.add(v),
      (a, b) => new Set([...a, ...b]),
    ),
  );
  expectType<DStream<[string, number]>>()(counts.partitionBy(partitioner));
  expectType<DStream<[string, [number, boolean]]>>()(counts.join(flags));
  expectType<DStream<[string, [number, boolean | undefined]]>>()(counts.leftOuterJoin(flags));
  expectType<DStream<[string, [number | undefined, boolean]]>>()(counts.rightOuterJoin(flags));
  expectType<DStream<[string, [number | undefined, boolean | undefined]]>>()(counts.fullOuterJoin(flags));
  expectType<DStream<[string, [number[], boolean[]]]>>()(counts.cogroup(flags));
  expectType<DStream<[string, number]>>()(words.map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b));
  expectType<DStream<[string, number]>>()(words.countByValue());
  // Operations on any stream keep working on pair streams.
  expectType<DStream<number>>()(counts.map((p) => p[1]));

  // @ts-expect-error the reduce function must merge two values of the value type
  counts.reduceByKey((a: string, b: string) => a + b);
  // @ts-expect-error the reduce function must return the value type
  counts.reduceByKey((a, b) => `${a}${b}`);
  // @ts-expect-error keys of both sides of a join must have the same type
  counts.join(byNumber);
}

export function pairDatasetsOnly(): void {
  // @ts-expect-error reduceByKey needs a dataset of pairs
  numberRdd.reduceByKey((a, b) => a + b);
  // @ts-expect-error groupByKey needs a dataset of pairs
  numberRdd.groupByKey();
  // @ts-expect-error mapValues needs a dataset of pairs
  numberRdd.mapValues((v) => v);
  // @ts-expect-error keys needs a dataset of pairs
  numberRdd.keys();
  // @ts-expect-error values needs a dataset of pairs
  numberRdd.values();
  // @ts-expect-error join needs a dataset of pairs
  numberRdd.join(countRdd);
  // @ts-expect-error join needs a dataset of pairs on the other side
  countRdd.join(numberRdd);
  // @ts-expect-error countByKey needs a dataset of pairs
  numberRdd.countByKey();
  // @ts-expect-error lookup needs a dataset of pairs
  numberRdd.lookup(1);
  // @ts-expect-error collectAsMap needs a dataset of pairs
  numberRdd.collectAsMap();
  // @ts-expect-error sortByKey needs a dataset of pairs
  numberRdd.sortByKey();
  // @ts-expect-error foldByKey needs a dataset of pairs
  numberRdd.foldByKey(0, (a, b) => a + b);
  // @ts-expect-error aggregateByKey needs a dataset of pairs
  numberRdd.aggregateByKey(0, add, add);
  // @ts-expect-error subtractByKey needs a dataset of pairs
  numberRdd.subtractByKey(countRdd);
}

export function pairDatasetsInfer(): void {
  expectType<Rdd<[string, number]>>()(countRdd.reduceByKey((a, b) => a + b));
  expectType<Rdd<[string, number[]]>>()(countRdd.groupByKey());
  expectType<Rdd<[string, string]>>()(countRdd.mapValues(String));
  expectType<Rdd<string>>()(countRdd.keys());
  expectType<Rdd<number>>()(countRdd.values());
  expectType<Rdd<[string, [number, boolean]]>>()(countRdd.join(flagRdd));
  expectType<Rdd<[string, [number, boolean | undefined]]>>()(countRdd.leftOuterJoin(flagRdd));
  expectType<Rdd<[string, [number[], boolean[]]]>>()(countRdd.cogroup(flagRdd));
  expectType<Rdd<[string, [number[], boolean[], number[]]]>>()(countRdd.cogroup(flagRdd, countRdd));
  expectType<Rdd<[string, number]>>()(countRdd.foldByKey(0, (a, b) => a + b));
  expectType<Rdd<[string, string[]]>>()(
    countRdd.aggregateByKey(
      [] as string[],
      (acc, v) => [...acc, String(v)],
      (a, b) => a.concat(b),
    ),
  );
  expectType<Rdd<[string, number]>>()(countRdd.subtractByKey(flagRdd));
  expectType<Rdd<[string, number]>>()(countRdd.sortByKey());
  expectType<Map<string, number>>()(countRdd.countByKey());
  expectType<Map<string, number>>()(countRdd.collectAsMap());
  expectType<number[]>()(countRdd.lookup('a'));

  // @ts-expect-error the key looked up must have the key type
  countRdd.lookup(1);
  // @ts-expect-error keys of both sides of a join must have the same type
  countRdd.join(numberRdd.map((n): [number, number] => [n, n]));
}

export function theHelperItselfRejectsAWrongType(): void {
  // @ts-expect-error expectType compares exactly: a stream of pairs is not a stream of strings
  expectType<DStream<string>>()(counts);
  // @ts-expect-error nor is a wider value type the same type
  expectType<DStream<[string, number | string]>>()(counts);
}
