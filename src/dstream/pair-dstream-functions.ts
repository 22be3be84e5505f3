// Key-value operations of every stream (Spark's `PairDStreamFunctions`): declared on `DStream` here, with
// a `this: DStream<[K, V]>` parameter so they compile only on streams of pairs, and attached to its
// prototype by `dstream.ts` once the class exists (this module needs only its type, so no import cycle).
import type { Partitioner, Partitioning, Rdd } from '../rdd/index.ts';
import type { DStream } from './dstream.ts';
import type { DStreamNode } from './dstream-node.ts';
import { FlatMapValuedDStream } from './flat-map-valued-dstream.ts';
import { MapValuedDStream } from './map-valued-dstream.ts';
import { partitionerFor } from './partitioner-for.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import { TransformedDStream } from './transformed-dstream.ts';

declare module './dstream.ts' {
  interface DStream<T> {
    mapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => W): DStream<[K, W]>;
    flatMapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => Iterable<W>): DStream<[K, W]>;
    /** Per batch, the values of each key merged with `f` (into `defaultParallelism` partitions unless given). */
    reduceByKey<K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, partitioning?: Partitioning): DStream<[K, V]>;
    /** Per batch, all values of each key. */
    groupByKey<K, V>(this: DStream<[K, V]>, partitioning?: Partitioning): DStream<[K, V[]]>;
    combineByKey<K, V, C>(
      this: DStream<[K, V]>,
      createCombiner: (v: V) => C,
      mergeValue: (c: C, v: V) => C,
      mergeCombiners: (a: C, b: C) => C,
      partitioning?: Partitioning,
      mapSideCombine?: boolean,
    ): DStream<[K, C]>;
    partitionBy<K, V>(this: DStream<[K, V]>, partitioner: Partitioner): DStream<[K, V]>;
    join<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, partitioning?: Partitioning): DStream<[K, [V, W]]>;
    leftOuterJoin<K, V, W>(
      this: DStream<[K, V]>,
      other: DStream<[K, W]>,
      partitioning?: Partitioning,
    ): DStream<[K, [V, W | undefined]]>;
    rightOuterJoin<K, V, W>(
      this: DStream<[K, V]>,
      other: DStream<[K, W]>,
      partitioning?: Partitioning,
    ): DStream<[K, [V | undefined, W]]>;
    fullOuterJoin<K, V, W>(
      this: DStream<[K, V]>,
      other: DStream<[K, W]>,
      partitioning?: Partitioning,
    ): DStream<[K, [V | undefined, W | undefined]]>;
    cogroup<K, V, W>(
      this: DStream<[K, V]>,
      other: DStream<[K, W]>,
      partitioning?: Partitioning,
    ): DStream<[K, [V[], W[]]]>;
  }
}

/** The key-value operations, as `DStream` methods. */
export type PairDStreamFunctions = Pick<
  DStream<unknown>,
  | 'mapValues'
  | 'flatMapValues'
  | 'reduceByKey'
  | 'groupByKey'
  | 'combineByKey'
  | 'partitionBy'
  | 'join'
  | 'leftOuterJoin'
  | 'rightOuterJoin'
  | 'fullOuterJoin'
  | 'cogroup'
>;

/** The key-value operations, building their results with `Stream` (the `DStream` class). */
export function pairDStreamFunctions(Stream: typeof DStream): PairDStreamFunctions {
  const combineWith = <A, B, C>(
    a: DStream<A>,
    b: DStream<B>,
    f: (a: Rdd<A>, b: Rdd<B>) => Rdd<C>,
    name: string,
  ): DStream<C> =>
    new Stream(
      new TransformedDStream<C>(
        [a.node as DStreamNode<unknown>, b.node as DStreamNode<unknown>],
        (rdds) => f(rdds[0] as Rdd<A>, rdds[1] as Rdd<B>),
        name,
      ),
    );
  return {
    mapValues(f) {
      return new Stream(new MapValuedDStream(this.node, f));
    },
    flatMapValues(f) {
      return new Stream(new FlatMapValuedDStream(this.node, f));
    },
    reduceByKey(f, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return new Stream(new ShuffledDStream(this.node, (v) => v, f, f, part, true, 'reduceByKey'));
    },
    groupByKey<K, V>(this: DStream<[K, V]>, partitioning?: Partitioning): DStream<[K, V[]]> {
      const append = (c: V[], v: V): V[] => {
        c.push(v);
        return c;
      };
      const concat = (a: V[], b: V[]): V[] => a.concat(b);
      const part = partitionerFor(this.node, partitioning);
      return new Stream(new ShuffledDStream(this.node, (v: V) => [v], append, concat, part, true, 'groupByKey'));
    },
    combineByKey(createCombiner, mergeValue, mergeCombiners, partitioning, mapSideCombine = true) {
      const part = partitionerFor(this.node, partitioning);
      return new Stream(
        new ShuffledDStream(
          this.node,
          createCombiner,
          mergeValue,
          mergeCombiners,
          part,
          mapSideCombine,
          'combineByKey',
        ),
      );
    },
    partitionBy(partitioner) {
      return this.transform((rdd) => rdd.partitionBy(partitioner));
    },
    join(other, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return combineWith(this, other, (a, b) => a.join(b, part), 'join');
    },
    leftOuterJoin(other, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return combineWith(this, other, (a, b) => a.leftOuterJoin(b, part), 'leftOuterJoin');
    },
    rightOuterJoin(other, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return combineWith(this, other, (a, b) => a.rightOuterJoin(b, part), 'rightOuterJoin');
    },
    fullOuterJoin(other, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return combineWith(this, other, (a, b) => a.fullOuterJoin(b, part), 'fullOuterJoin');
    },
    cogroup(other, partitioning) {
      const part = partitionerFor(this.node, partitioning);
      return combineWith(this, other, (a, b) => a.cogroup(b, part), 'cogroup');
    },
  };
}
