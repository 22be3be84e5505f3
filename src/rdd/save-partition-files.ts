import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RddNode } from './rdd-node.ts';

/** The bytes (or text) of one partition's file, from the partition's records. */
export type PartitionEncoder<T> = (records: T[], partition: number) => string | Uint8Array;

/**
 * Writes a dataset as a directory of `part-00000`, `part-00001`, … (one per partition, as `encode` makes
 * it) and an empty `_SUCCESS`, as Spark does. Everything is written into a hidden temporary directory beside
 * the target, which is then renamed into place, so a reader sees the whole directory or none of it; an
 * existing directory of the same name (a batch written again after a restart) is replaced. Nothing is left
 * behind when a partition or the encoder throws.
 */
export function savePartitionFiles<T>(node: RddNode<T>, path: string, encode: PartitionEncoder<T>): void {
  const parent = dirname(path);
  mkdirSync(parent, { recursive: true });
  const tag = randomBytes(6).toString('hex');
  const temp = join(parent, `.${basename(path)}.${tag}.tmp`);
  mkdirSync(temp);
  try {
    for (let p = 0; p < node.numPartitions; p++) {
      writeFileSync(join(temp, `part-${String(p).padStart(5, '0')}`), encode(node.collectPartition(p), p));
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
