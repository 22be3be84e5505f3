import { InvalidArgumentError } from '../../core/index.ts';
import { savePartitionFiles } from '../../rdd/index.ts';
import type { BatchSink } from '../batch-sink.ts';
import { batchDirectory, checkPrefix } from './batch-directory.ts';

// JSON.stringify writes a Map or a Set as `{}` and drops `undefined`: refuse them rather than lose data.
function strict(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Map || value instanceof Set) {
    throw new InvalidArgumentError(`a ${value instanceof Map ? 'Map' : 'Set'} has no JSON form`);
  }
  return value;
}

function jsonLine(record: unknown, where: () => string): string {
  let line: string | undefined;
  try {
    line = JSON.stringify(record, strict);
  } catch (e) {
    throw new InvalidArgumentError(`${where()} has no JSON form: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (line === undefined) throw new InvalidArgumentError(`${where()} has no JSON form: ${String(record)}`);
  return line;
}

/**
 * A sink writing each batch as JSON Lines: the directory `prefix-<time ms>[.suffix]` holds one
 * `part-NNNNN` file per partition, a record per line, and `_SUCCESS`. Written into a hidden temporary
 * directory and renamed into place, so readers see whole batches only, and a batch written again (after a
 * restart) replaces its directory: exactly-once output. Use it with `foreachRDD`.
 *
 * @example
 * stream.foreachRDD(jsonFilesSink('out/events', 'jsonl'));
 * @throws InvalidArgumentError (when writing) for a record with no JSON form (a `Map`, a `Set`, a bigint,
 *   `undefined`, a cycle), naming the batch, the partition and the record's position
 */
export function jsonFilesSink<T>(prefix: string, suffix = ''): BatchSink<T> {
  checkPrefix('jsonFilesSink', prefix, suffix);
  return (rdd, time) => {
    savePartitionFiles(rdd.node, batchDirectory(prefix, time, suffix), (records, partition) => {
      const lines = records.map((r, i) =>
        jsonLine(r, () => `jsonFilesSink: record ${i} of partition ${partition} of batch ${time} ms`),
      );
      return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
    });
  };
}
