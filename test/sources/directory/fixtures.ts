import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system's temporary directory. */
export function tempDir(prefix = 'sluice-files-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` to `dir/name` and sets its modification time to `mtimeMs`, as Spark's suites do. */
export function writeFileAt(dir: string, name: string, content: string, mtimeMs: number): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, content);
  utimesSync(path, new Date(mtimeMs), new Date(mtimeMs));
  return path;
}
