/**
 * A record as one line of text, the way Spark's `toString` shows it: tuples and arrays as `(a,1)`,
 * strings bare, `undefined` as `None`, plain objects as JSON. Used by `print` and `saveAsTextFiles`.
 */
export function formatRecord(record: unknown): string {
  if (typeof record === 'string') return record;
  if (record === undefined) return 'None';
  if (record === null) return 'null';
  if (Array.isArray(record)) return `(${record.map(formatRecord).join(',')})`;
  if (record instanceof Map)
    return `Map(${[...record].map(([k, v]) => `${formatRecord(k)} -> ${formatRecord(v)}`).join(', ')})`;
  if (typeof record === 'object') {
    try {
      return JSON.stringify(record, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    } catch {
      return String(record);
    }
  }
  return String(record);
}
