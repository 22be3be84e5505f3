/**
 * W1's directory feed, written once before timing: each batch's lines in `filesPerBatch` files (one
 * partition each), with modification times inside the batch's interval of a manual clock, so a file
 * stream on that clock takes batch i's files at batch i.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes batch i (counted from 0) as files modified at `zeroMs + i × batchMs + batchMs / 2`, which the
 * batch at `zeroMs + (i + 1) × batchMs` takes. Returns each batch's file paths.
 */
export function writeBatchFiles(
  directory: string,
  batches: readonly (readonly string[])[],
  zeroMs: number,
  batchMs: number,
  filesPerBatch: number,
): string[][] {
  return batches.map((lines, i) => {
    const modified = (zeroMs + i * batchMs + batchMs / 2) / 1000;
    const files: string[] = [];
    for (let f = 0; f < filesPerBatch; f++) {
      const from = Math.floor((lines.length * f) / filesPerBatch);
      const to = Math.floor((lines.length * (f + 1)) / filesPerBatch);
      const path = join(directory, `batch-${String(i).padStart(4, '0')}-${f}.txt`);
      writeFileSync(path, `${lines.slice(from, to).join('\n')}\n`);
      utimesSync(path, modified, modified);
      files.push(path);
    }
    return files;
  });
}
