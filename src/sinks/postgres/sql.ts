import { InvalidArgumentError } from '../../core/index.ts';

/** A name quoted for PostgreSQL, so any name (mixed case, a keyword) means exactly itself. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `schema.table` or `table` quoted part by part.
 * @throws InvalidArgumentError for an empty name or an empty part
 */
export function quoteTableName(sink: string, option: string, name: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError(`${sink}: ${option} must be a table name, got ${String(name)}`);
  }
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    throw new InvalidArgumentError(`${sink}: ${option} must be 'table' or 'schema.table', got '${name}'`);
  }
  return parts.map(quoteIdentifier).join('.');
}

/** What an insert does with a row whose key is already in the table. */
export type ConflictAction = { readonly key: readonly string[]; readonly update: readonly string[] } | undefined;

/**
 * `insert into t (c1, c2) values ($1, $2), ($3, $4)` for `rows` rows, with `on conflict (key) do update`
 * of the other columns when `conflict` is given (or `do nothing` when every column is in the key).
 */
export function insertStatement(
  table: string,
  columns: readonly string[],
  rows: number,
  conflict: ConflictAction,
): string {
  const width = columns.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const params: string[] = [];
    for (let c = 1; c <= width; c++) params.push(`$${r * width + c}`);
    tuples.push(`(${params.join(', ')})`);
  }
  let sql = `insert into ${table} (${columns.map(quoteIdentifier).join(', ')}) values ${tuples.join(', ')}`;
  if (conflict !== undefined) {
    const key = conflict.key.map(quoteIdentifier).join(', ');
    sql +=
      conflict.update.length === 0
        ? ` on conflict (${key}) do nothing`
        : ` on conflict (${key}) do update set ${conflict.update
            .map((c) => `${quoteIdentifier(c)} = excluded.${quoteIdentifier(c)}`)
            .join(', ')}`;
  }
  return sql;
}
