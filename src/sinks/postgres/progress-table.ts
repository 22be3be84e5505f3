import type pg from 'pg';

/**
 * The progress table: one row per batch an output operation committed, written in the batch's own
 * transaction, so the row exists exactly when the batch's rows do.
 */
export function createProgressTableSql(table: string): string {
  return (
    `create table if not exists ${table} (` +
    'application text not null, operation text not null, batch_time_ms bigint not null, ' +
    'row_count integer not null, committed_at timestamptz not null default now(), ' +
    'primary key (application, operation, batch_time_ms))'
  );
}

// Two programs creating the table at once: `if not exists` can still lose the race on the catalog.
const CREATED_CONCURRENTLY = new Set(['23505', '42P07']);

/** Creates the progress table unless it exists. */
export async function ensureProgressTable(client: pg.PoolClient, table: string): Promise<void> {
  try {
    await client.query(createProgressTableSql(table));
  } catch (e) {
    if (!CREATED_CONCURRENTLY.has((e as { code?: string }).code ?? '')) throw e;
  }
}

/**
 * Inside the batch's transaction, records that `operation` of `application` committed batch `timeMs`.
 * False when a row was already there: the batch was committed before (a re-run after a restart) and must
 * be skipped. A concurrent writer of the same batch waits here on the key until the other commits or
 * rolls back, so two runs of one batch never both commit.
 */
export async function claimBatch(
  client: pg.PoolClient,
  table: string,
  application: string,
  operation: string,
  timeMs: number,
  rowCount: number,
): Promise<boolean> {
  const result = await client.query(
    `insert into ${table} (application, operation, batch_time_ms, row_count) values ($1, $2, $3, $4) on conflict do nothing`,
    [application, operation, timeMs, rowCount],
  );
  return result.rowCount === 1;
}

/**
 * Inside the batch's transaction, after its claim: deletes the progress rows of `operation` of
 * `application` older than its `keep` newest, so the table stays bounded. A batch that can still run
 * again (at or after the checkpoint a restart resumes from) is among the newest rows as long as `keep`
 * exceeds the batches committed since that checkpoint, which is a handful.
 * @returns how many rows were deleted
 */
export async function pruneProgress(
  client: pg.PoolClient,
  table: string,
  application: string,
  operation: string,
  keep: number,
): Promise<number> {
  const result = await client.query(
    `delete from ${table} where application = $1 and operation = $2 and batch_time_ms < (` +
      `select batch_time_ms from ${table} where application = $1 and operation = $2 ` +
      'order by batch_time_ms desc offset $3 limit 1)',
    [application, operation, keep - 1],
  );
  return result.rowCount ?? 0;
}
