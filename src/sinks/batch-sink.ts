import type { Time } from '../core/index.ts';
import type { OutputOperation } from '../dstream/index.ts';
import type { Rdd } from '../rdd/index.ts';

/**
 * A sink: what `foreachRDD` runs on each batch's dataset. A sink that is idempotent per batch time (a
 * re-run batch replaces or skips what it wrote) gives exactly-once output under recovery.
 *
 * `output` is given by `foreachRDD` (the operation's id and a stop hook); a sink called directly may go
 * without it.
 */
export type BatchSink<T> = (rdd: Rdd<T>, time: Time, output?: OutputOperation) => void | Promise<void>;
