import { formatRecord } from '../core/index.ts';
import type { RddNode } from './rdd-node.ts';
import { savePartitionFiles } from './save-partition-files.ts';

/**
 * Writes a dataset as a directory with one text file per partition, a record per line as Spark prints it,
 * atomically (see {@link savePartitionFiles}).
 */
export function saveAsTextFile(node: RddNode<unknown>, path: string): void {
  savePartitionFiles(node, path, (records) =>
    records.length === 0 ? '' : `${records.map((r) => formatRecord(r)).join('\n')}\n`,
  );
}
