import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { formatRecord } from '../core/index.ts';
import type { RddNode } from './rdd-node.ts';

/**
 * Writes a dataset as a directory of `part-00000`, `part-00001`, … (one per partition, a record per line)
 * and an empty `_SUCCESS`, as Spark does. Everything is written into a hidden temporary directory beside
 * the target, which is then renamed into place, so a reader sees the whole directory or none of it; an
 * existing directory of the same name (a batch written again after a restart) is replaced.
 */
export function saveAsTextFile(node: RddNode<unknown>, path: string): void {
  const parent = dirname(path);
  mkdirSync(parent, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const temp = join(parent, `.${basename(path)}.${tag}.tmp`);
  mkdirSync(temp);
  try {
    for (let p = 0; p < node.numPartitions; p++) {
      const lines: string[] = [];
      node.compute(p, (record) => {
        lines.push(formatRecord(record));
      });
      writeFileSync(
        join(temp, `part-${String(p).padStart(5, '0')}`),
        lines.length === 0 ? '' : `${lines.join('\n')}\n`,
      );
    }
    writeFileSync(join(temp, '_SUCCESS'), '');
    if (existsSync(path)) {
      const old = join(parent, `.${basename(path)}.${tag}.old`);
      renameSync(path, old);
      renameSync(temp, path);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, path);
    }
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}
