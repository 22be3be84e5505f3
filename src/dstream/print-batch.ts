import { formatRecord, Time } from '../core/index.ts';
import type { LineWriter } from './dstream-graph.ts';

/** Spark's `print` layout: a header with the batch time, `num` records, `...` when there are more. */
export function printBatch(out: LineWriter, first: readonly unknown[], num: number, time: number): void {
  const lines = [
    '-------------------------------------------',
    `Time: ${Time.format(time)}`,
    '-------------------------------------------',
  ];
  for (const record of first.slice(0, num)) lines.push(formatRecord(record));
  if (first.length > num) lines.push('...');
  lines.push('');
  out.write(`${lines.join('\n')}\n`);
}
