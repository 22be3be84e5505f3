import { CodecError, encodeValues } from '../../core/index.ts';
import { savePartitionFiles } from '../../rdd/index.ts';
import type { BatchSink } from '../batch-sink.ts';
import { batchDirectory, checkPrefix } from './batch-directory.ts';

/**
 * A sink writing each batch as msgpack: the directory `prefix-<time ms>[.suffix]` holds one `part-NNNNN`
 * file per partition, its records one msgpack value after another, and `_SUCCESS`. Records keep what
 * JSON loses (`Map`, `Set`, `Date`, bigint, bytes, `undefined`); read a part with {@link readMsgpackFile}.
 * Written into a hidden temporary directory and renamed into place, so readers see whole batches only, and
 * a batch written again (after a restart) replaces its directory: exactly-once output. Use it with
 * `foreachRDD`.
 *
 * @example
 * stream.foreachRDD(msgpackFilesSink('out/events'));
 * @throws CodecError (when writing) for a record msgpack cannot carry, naming the batch and the partition
 */
export function msgpackFilesSink<T>(prefix: string, suffix = ''): BatchSink<T> {
  checkPrefix('msgpackFilesSink', prefix, suffix);
  return (rdd, time) => {
    savePartitionFiles(rdd.node, batchDirectory(prefix, time, suffix), (records, partition) => {
      try {
        return encodeValues(records);
      } catch (e) {
        throw new CodecError(
          `msgpackFilesSink: partition ${partition} of batch ${time} ms: ${(e as Error).message}`,
          e,
        );
      }
    });
  };
}
