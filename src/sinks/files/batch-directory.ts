import { InvalidArgumentError } from '../../core/index.ts';

/** Checks a file sink's prefix and suffix once, when the sink is made. */
export function checkPrefix(sink: string, prefix: string, suffix: string): void {
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidArgumentError(`${sink}: the prefix must be a non-empty path, got ${String(prefix)}`);
  }
  if (typeof suffix !== 'string' || suffix.includes('/')) {
    throw new InvalidArgumentError(`${sink}: the suffix must be a name without '/', got ${String(suffix)}`);
  }
}

/** The directory of one batch, `prefix-<time ms>[.suffix]`, as Spark's `saveAsTextFiles` names it. */
export function batchDirectory(prefix: string, timeMs: number, suffix: string): string {
  return `${prefix}-${timeMs}${suffix === '' ? '' : `.${suffix}`}`;
}
