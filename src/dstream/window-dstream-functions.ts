// Window aggregations of every stream (Spark's `reduceByWindow`, `countByWindow`, `countByValueAndWindow`
// and the key-value `reduceByKeyAndWindow`, `groupByKeyAndWindow`): declared on `DStream` here and
// attached to its prototype by `dstream.ts` once the class exists (this module needs only its type, so
// no import cycle). Each is a composition of `window` and per-batch reductions, or with an inverse
// function a `ReducedWindowedDStream`.
import { InvalidArgumentError } from '../core/index.ts';
import { HashPartitioner, type Partitioner, type Partitioning } from '../rdd/index.ts';
import type { DStream } from './dstream.ts';
import type { DStreamNode } from './dstream-node.ts';
import { partitionerFor } from './partitioner-for.ts';
import { ReducedWindowedDStream } from './reduced-windowed-dstream.ts';
import { ShuffledDStream } from './shuffled-dstream.ts';
import type { WindowReduceFunctions } from './window-reduce-state.ts';

declare module './dstream.ts' {
  interface DStream<T> {
    /**
     * One record per window: all records of the last `windowMs` merged with `f`, every `slideMs` (Spark's
     * `reduceByWindow`). With an inverse function `invF` (`invF(f(a, b), b) = a`) each window is the
     * previous one plus the batches entering it, minus those leaving it, and the stream must be
     * checkpointed; a window that no record ever entered gives no record, one whose records all left gives
     * what `invF` leaves.
     * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
     */
    reduceByWindow(f: (a: T, b: T) => T, windowMs: number, slideMs: number): DStream<T>;
    reduceByWindow(f: (a: T, b: T) => T, invF: (a: T, b: T) => T, windowMs: number, slideMs: number): DStream<T>;
    /**
     * The number of records in the last `windowMs`, every `slideMs` (Spark's `countByWindow`). Built on the
     * inverse `reduceByWindow`, so the stream must be checkpointed, and a window after records have been
     * seen counts 0 rather than giving no record.
     * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
     */
    countByWindow(windowMs: number, slideMs: number): DStream<number>;
    /**
     * `[record, occurrences]` for each distinct record of the last `windowMs`, every `slideMs` (Spark's
     * `countByValueAndWindow`): an inverse reduce whose records of count 0 are dropped. Must be checkpointed.
     * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
     */
    countByValueAndWindow(windowMs: number, slideMs?: number, partitioning?: Partitioning): DStream<[T, number]>;
    /**
     * Per window of `windowMs`, every `slideMs` (default: this stream's slide), the values of each key merged
     * with `f` (Spark's `reduceByKeyAndWindow`): each batch is reduced, then the window's batches.
     *
     * With an inverse function `invF` (`invF(f(a, b), b) = a`) each window is instead the previous window
     * plus the batches entering it, minus those leaving it: a slide costs work for the keys of those batches
     * only, and the stream must be checkpointed. A key whose values have all left the window stays, with
     * the value `invF` leaves (0 for counts), unless `filterF` drops it; `filterF` must keep every key that
     * still has values in the window.
     * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
     */
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      f: (a: V, b: V) => V,
      windowMs: number,
      slideMs?: number,
      partitioning?: Partitioning,
    ): DStream<[K, V]>;
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      f: (a: V, b: V) => V,
      invF: (a: V, b: V) => V,
      windowMs: number,
      slideMs?: number,
      partitioning?: Partitioning,
      filterF?: (record: [K, V]) => boolean,
    ): DStream<[K, V]>;
    /**
     * Per window of `windowMs`, every `slideMs` (default: this stream's slide), all values of each key
     * (Spark's `groupByKeyAndWindow`): each batch is grouped, then the window's groups are concatenated.
     * @throws InvalidDurationError when `windowMs` or `slideMs` is not a multiple of this stream's slide
     */
    groupByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      windowMs: number,
      slideMs?: number,
      partitioning?: Partitioning,
    ): DStream<[K, V[]]>;
  }
}

/** The window aggregations, as `DStream` methods. */
export type WindowDStreamFunctions = Pick<
  DStream<unknown>,
  'reduceByWindow' | 'countByWindow' | 'countByValueAndWindow' | 'reduceByKeyAndWindow' | 'groupByKeyAndWindow'
>;

const add = (a: number, b: number): number => a + b;
const subtract = (a: number, b: number): number => a - b;

/** Window and slide of a windowed operation must be multiples of the stream's slide, as in Spark. */
function requireWindow(node: DStreamNode<unknown>, operation: string, windowMs: number, slideMs: number): void {
  const self = `${operation}(${windowMs}, ${slideMs})`;
  node.requireMultipleOfSlide('window duration', windowMs, self);
  node.requireMultipleOfSlide('slide duration', slideMs, self);
}

/** The window aggregations, building their results with `Stream` (the `DStream` class). */
export function windowDStreamFunctions(Stream: typeof DStream): WindowDStreamFunctions {
  const reducedWindow = <K, V>(
    stream: DStream<[K, V]>,
    fns: WindowReduceFunctions<K, V>,
    windowMs: number,
    slideMs: number,
    partitioner: Partitioner,
    name: string,
  ): DStream<[K, V]> => new Stream(new ReducedWindowedDStream(stream.node, fns, windowMs, slideMs, partitioner, name));
  const reduceByWindowInverse = <T>(
    stream: DStream<T>,
    f: (a: T, b: T) => T,
    invF: (a: T, b: T) => T,
    windowMs: number,
    slideMs: number,
    name: string,
  ): DStream<T> => {
    const keyed = stream.map((x): [number, T] => [1, x]);
    const fns = { reduce: f, invReduce: invF, filter: undefined };
    return reducedWindow(keyed, fns, windowMs, slideMs, new HashPartitioner(1), name).map((p) => p[1]);
  };
  return {
    reduceByWindow<T>(
      this: DStream<T>,
      f: (a: T, b: T) => T,
      invOrWindow: ((a: T, b: T) => T) | number,
      windowOrSlide: number,
      slide?: number,
    ): DStream<T> {
      if (typeof invOrWindow !== 'function') {
        requireWindow(this.node, 'reduceByWindow', invOrWindow, windowOrSlide);
        return this.reduce(f).window(invOrWindow, windowOrSlide).reduce(f);
      }
      requireWindow(this.node, 'reduceByWindow', windowOrSlide, slide as number);
      return reduceByWindowInverse(this, f, invOrWindow, windowOrSlide, slide as number, 'reduceByWindow');
    },
    countByWindow(this: DStream<unknown>, windowMs: number, slideMs: number): DStream<number> {
      requireWindow(this.node, 'countByWindow', windowMs, slideMs);
      return reduceByWindowInverse(
        this.map(() => 1),
        add,
        subtract,
        windowMs,
        slideMs,
        'countByWindow',
      );
    },
    countByValueAndWindow<T>(
      this: DStream<T>,
      windowMs: number,
      slideMs: number = this.node.slideDurationMs,
      partitioning?: Partitioning,
    ): DStream<[T, number]> {
      requireWindow(this.node, 'countByValueAndWindow', windowMs, slideMs);
      const fns = { reduce: add, invReduce: subtract, filter: (p: [T, number]) => p[1] !== 0 };
      const part = partitionerFor(this.node, partitioning);
      return reducedWindow(
        this.map((x): [T, number] => [x, 1]),
        fns,
        windowMs,
        slideMs,
        part,
        'countByValueAndWindow',
      );
    },
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      f: (a: V, b: V) => V,
      ...rest:
        | [number, number?, Partitioning?]
        | [(a: V, b: V) => V, number, number?, Partitioning?, ((record: [K, V]) => boolean)?]
    ): DStream<[K, V]> {
      const slide = this.node.slideDurationMs;
      if (typeof rest[0] === 'function') {
        const [invF, windowMs, slideMs = slide, partitioning, filterF] = rest as [
          (a: V, b: V) => V,
          number,
          number?,
          Partitioning?,
          ((record: [K, V]) => boolean)?,
        ];
        requireWindow(this.node, 'reduceByKeyAndWindow', windowMs, slideMs);
        const fns = { reduce: f, invReduce: invF, filter: filterF };
        const part = partitionerFor(this.node, partitioning);
        return reducedWindow(this, fns, windowMs, slideMs, part, 'reduceByKeyAndWindow');
      }
      if (typeof rest[0] !== 'number') {
        throw new InvalidArgumentError(
          `reduceByKeyAndWindow: the second argument must be the window duration in ms or the inverse function, got ${String(rest[0])}`,
        );
      }
      const [windowMs, slideMs = slide, partitioning] = rest as [number, number?, Partitioning?];
      requireWindow(this.node, 'reduceByKeyAndWindow', windowMs, slideMs);
      const part = partitionerFor(this.node, partitioning);
      return this.reduceByKey(f, part).window(windowMs, slideMs).reduceByKey(f, part);
    },
    groupByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      windowMs: number,
      slideMs: number = this.node.slideDurationMs,
      partitioning?: Partitioning,
    ): DStream<[K, V[]]> {
      requireWindow(this.node, 'groupByKeyAndWindow', windowMs, slideMs);
      const part = partitionerFor(this.node, partitioning);
      const appendAll = (buffer: V[], values: V[]): V[] => {
        for (const v of values) buffer.push(v);
        return buffer;
      };
      const windowed = this.groupByKey(part).window(windowMs, slideMs);
      const copy = (values: V[]): V[] => [...values];
      return new Stream(
        new ShuffledDStream(windowed.node, copy, appendAll, appendAll, part, true, 'groupByKeyAndWindow'),
      );
    },
  };
}
