// Comparisons Spark's DStream suites use on collected batches, shared by the ported cases.
import assert from 'node:assert/strict';
import { BatchFailedError } from '../../src/index.ts';

function canonical(value: unknown): string {
  if (value === undefined) return 'u';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value}:${String(value)}`;
}

function byCanonical<T>(batch: readonly T[]): T[] {
  return [...batch].sort((a, b) => {
    const ca = canonical(a);
    const cb = canonical(b);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
}

/**
 * Spark's `useSet = true` (and Java's `assertOrderInvariantEquals`): the same number of batches, and each
 * batch holds the expected records in any order. Compared as multisets, which is at least as strict as
 * Spark's set comparison for these cases.
 */
export function assertBatchesUnordered<T>(
  actual: readonly (readonly T[])[],
  expected: readonly (readonly T[])[],
): void {
  assert.equal(actual.length, expected.length, 'Unexpected number of outputs generated');
  assert.deepStrictEqual(actual.map(byCanonical), expected.map(byCanonical));
}

function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** PySpark's `_test_func(sort=True)`: each batch stable-sorted by the record's key, then compared exactly. */
export function assertBatchesSortedByKey<T extends readonly unknown[]>(
  actual: readonly (readonly T[])[],
  expected: readonly (readonly T[])[],
): void {
  const sort = (batch: readonly T[]) => [...batch].sort((a, b) => compareKeys(a[0], b[0]));
  assert.equal(actual.length, expected.length, 'Unexpected number of outputs generated');
  assert.deepStrictEqual(actual.map(sort), expected.map(sort));
}

/**
 * Spark's `intercept[SparkException]` around a run: the run rejects with the failure of batch
 * `batchTimeMs`, whose message matches `message` and whose chain of causes holds an error of class `cause`.
 */
export async function assertBatchFails(
  run: Promise<unknown>,
  batchTimeMs: number,
  message: RegExp,
  cause: new (...args: any[]) => Error = Error,
): Promise<void> {
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof BatchFailedError, `expected a BatchFailedError, got ${String(e)}`);
    assert.equal(e.batchTime, batchTimeMs);
    assert.match(e.message, message);
    const causes: unknown[] = [];
    for (let c: unknown = e.cause; c instanceof Error && causes.length < 10; c = c.cause) causes.push(c);
    assert.ok(
      causes.some((c) => c instanceof cause),
      `expected a ${cause.name} among the causes, got ${causes.map(String).join(' <- ')}`,
    );
    return true;
  });
}
