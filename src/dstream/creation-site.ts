import { fileURLToPath } from 'node:url';

const sluiceSrc = fileURLToPath(new URL('..', import.meta.url));

/**
 * `file:line` of the user code that created a stream (the first stack frame outside Sluice), so errors
 * and events can say `map at app.ts:12` as Spark's call sites do. Only called while a graph is built.
 */
export function creationSite(): string {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (m === null) continue;
    let file = m[1];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith(sluiceSrc) || file.startsWith('node:') || !file.includes('/')) continue;
    const relative = file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file;
    return `${relative}:${m[2]}`;
  }
  return 'unknown';
}
