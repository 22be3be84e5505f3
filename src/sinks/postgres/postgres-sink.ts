import { createRequire } from 'node:module';
import type pg from 'pg';
import { crashPoint, formatRecord, InvalidArgumentError, keyId, SinkWriteError, type Time } from '../../core/index.ts';
import type { OutputOperation } from '../../dstream/index.ts';
import type { Rdd } from '../../rdd/index.ts';
import type { BatchSink } from '../batch-sink.ts';
import { claimBatch, ensureProgressTable, pruneProgress } from './progress-table.ts';
import { type ConflictAction, insertStatement, quoteIdentifier, quoteTableName } from './sql.ts';

const SINK = 'postgresSink';
// PostgreSQL's limit on the parameters of one statement.
const MAX_PARAMETERS = 65535;

export interface PostgresSinkOptions<T> {
  /** Where to connect, e.g. `postgres://user:password@host:5432/db`. Required. */
  connectionString: string;
  /** The table written, `table` or `schema.table`; it must exist. Required. */
  table: string;
  /** The columns written, in the order `row` fills them. Required, at least one. */
  columns: readonly string[];
  /** Maps a record (and its batch time, ms) to one value per column: a record with exactly `columns` as keys. */
  row: (record: T, batchTimeMs: number) => Record<string, unknown>;
  /** `append` (default) inserts every row; `upsert` inserts or updates the row of the same `key`. */
  mode?: 'append' | 'upsert';
  /** The columns of the unique key that `upsert` matches on (a primary key or unique constraint). */
  key?: readonly string[];
  /** Names the program in the progress table; with `operation`, it identifies what was committed. Required. */
  application: string;
  /** Names the output operation in the progress table. Default: its output operation id, as a string. */
  operation?: string;
  /** The progress table, created if missing. Default `sluice_progress`. */
  progressTable?: string;
  /**
   * Progress rows kept per application and operation: each batch's transaction deletes the rows older
   * than the newest `keepProgressRows`. A batch run again after a restart must still find its row, so keep
   * more than the batches that can run again (those since the checkpoint a restart resumes from: a few).
   * Default 1000; `Infinity` keeps every row.
   */
  keepProgressRows?: number;
  /** Rows per insert statement. Default 1000 (fewer when the columns would pass PostgreSQL's 65535 parameters). */
  maxRowsPerInsert?: number;
  /** Connections the sink's pool may open. Default 2. */
  poolSize?: number;
  /** How long to wait for a connection, ms. Default 10000. */
  connectTimeoutMs?: number;
}

/** A PostgreSQL sink: a function for `foreachRDD`, and `close()` for a sink called outside a context. */
export type PostgresSink<T> = BatchSink<T> & {
  /** The table written, quoted. */
  readonly table: string;
  /** Ends the sink's connections; the context does it when it stops. Harmless twice. */
  close(): Promise<void>;
};

interface Config<T> {
  readonly table: string;
  readonly progressTable: string;
  readonly columns: readonly string[];
  readonly row: (record: T, batchTimeMs: number) => Record<string, unknown>;
  readonly conflict: ConflictAction;
  readonly keyIndexes: readonly number[] | undefined;
  readonly application: string;
  readonly operation: string | undefined;
  readonly maxRowsPerInsert: number;
  readonly keepProgressRows: number;
}

/** One row to insert, with the record it came from (for error messages). */
interface Row {
  readonly values: unknown[];
  readonly record: unknown;
  readonly where: string;
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${SINK}: ${option} must be a whole number >= 1, got ${String(value)}`);
  }
  return value;
}

function checkNames(option: string, names: readonly string[] | undefined): readonly string[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw new InvalidArgumentError(`${SINK}: ${option} must list at least one column, got ${String(names)}`);
  }
  for (const n of names) {
    if (typeof n !== 'string' || n === '') {
      throw new InvalidArgumentError(`${SINK}: ${option} holds a name that is not a non-empty string: ${String(n)}`);
    }
  }
  if (new Set(names).size !== names.length) {
    throw new InvalidArgumentError(`${SINK}: ${option} names a column twice: ${names.join(', ')}`);
  }
  return [...names];
}

function configure<T>(options: PostgresSinkOptions<T>): Config<T> {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError(`${SINK}: options are required, got ${String(options)}`);
  }
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new InvalidArgumentError(`${SINK}: connectionString must be a non-empty string`);
  }
  const table = quoteTableName(SINK, 'table', options.table);
  const progressTable = quoteTableName(SINK, 'progressTable', options.progressTable ?? 'sluice_progress');
  const columns = checkNames('columns', options.columns);
  if (typeof options.row !== 'function') {
    throw new InvalidArgumentError(`${SINK}: row must be a function from a record to a column record`);
  }
  if (typeof options.application !== 'string' || options.application === '') {
    throw new InvalidArgumentError(`${SINK}: application must be a non-empty string naming the program`);
  }
  if (options.operation !== undefined && (typeof options.operation !== 'string' || options.operation === '')) {
    throw new InvalidArgumentError(`${SINK}: operation must be a non-empty string, got ${String(options.operation)}`);
  }
  const mode = options.mode ?? 'append';
  let conflict: ConflictAction;
  let keyIndexes: number[] | undefined;
  if (mode === 'upsert') {
    const key = checkNames('key', options.key);
    const unknown = key.filter((k) => !columns.includes(k));
    if (unknown.length > 0) {
      throw new InvalidArgumentError(
        `${SINK}: key column ${unknown.join(', ')} is not in columns (${columns.join(', ')})`,
      );
    }
    conflict = { key, update: columns.filter((c) => !key.includes(c)) };
    keyIndexes = key.map((k) => columns.indexOf(k));
  } else if (mode === 'append') {
    if (options.key !== undefined) {
      throw new InvalidArgumentError(`${SINK}: key is for mode 'upsert'; mode 'append' inserts every row`);
    }
  } else {
    throw new InvalidArgumentError(`${SINK}: mode must be 'append' or 'upsert', got ${String(mode)}`);
  }
  const fit = Math.floor(MAX_PARAMETERS / columns.length);
  const maxRowsPerInsert = positiveInteger('maxRowsPerInsert', options.maxRowsPerInsert, Math.min(1000, fit));
  if (maxRowsPerInsert > fit) {
    throw new InvalidArgumentError(
      `${SINK}: maxRowsPerInsert ${maxRowsPerInsert} × ${columns.length} columns passes PostgreSQL's ${MAX_PARAMETERS} parameters per statement (at most ${fit})`,
    );
  }
  const keepProgressRows = options.keepProgressRows ?? 1000;
  if (
    keepProgressRows !== Number.POSITIVE_INFINITY &&
    !(Number.isSafeInteger(keepProgressRows) && keepProgressRows >= 1)
  ) {
    throw new InvalidArgumentError(
      `${SINK}: keepProgressRows must be a whole number >= 1 or Infinity, got ${String(keepProgressRows)}`,
    );
  }
  return {
    table,
    progressTable,
    columns,
    row: options.row,
    conflict,
    keyIndexes,
    application: options.application,
    operation: options.operation,
    maxRowsPerInsert,
    keepProgressRows,
  };
}

/** The batch's rows, partition by partition; in upsert mode the last row of each key only. */
function mapRows<T>(config: Config<T>, rdd: Rdd<T>, timeMs: number): Row[] {
  const { columns } = config;
  const fail = (reason: string, record: unknown, cause?: unknown): never => {
    throw new SinkWriteError(SINK, config.table, timeMs, reason, record, cause);
  };
  const rows: Row[] = [];
  for (let p = 0; p < rdd.node.numPartitions; p++) {
    const records = rdd.node.collectPartition(p);
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as T;
      const where = `record ${i} of partition ${p} (${formatRecord(record)})`;
      let mapped: Record<string, unknown>;
      try {
        mapped = config.row(record, timeMs);
      } catch (e) {
        fail(`row threw on ${where}: ${e instanceof Error ? e.message : String(e)}`, record, e);
        throw e;
      }
      if (mapped === null || typeof mapped !== 'object' || Array.isArray(mapped)) {
        fail(
          `row must return an object with the columns ${columns.join(', ')}, got ${String(mapped)} for ${where}`,
          record,
        );
      }
      const extra = Object.keys(mapped).filter((k) => !columns.includes(k));
      if (extra.length > 0) fail(`row gave ${extra.join(', ')}, not among the columns, for ${where}`, record);
      const values = columns.map((c) => {
        if (!(c in mapped) || mapped[c] === undefined) fail(`row gave no value for column ${c} for ${where}`, record);
        return mapped[c];
      });
      rows.push({ values, record, where });
    }
  }
  const keyIndexes = config.keyIndexes;
  if (keyIndexes === undefined) return rows;
  // One statement cannot update a row twice: the last record of a key in the batch wins.
  const last = new Map<unknown, Row>();
  for (const row of rows) {
    const id = keyId(keyIndexes.map((k) => row.values[k]));
    last.delete(id);
    last.set(id, row);
  }
  return [...last.values()];
}

const describeError = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  const detail = (e as { detail?: string }).detail;
  return detail === undefined ? e.message : `${e.message} (${detail})`;
};

// Data exceptions (22) and integrity violations (23) are about a row; others (a missing table) are not.
const isRowError = (e: unknown): boolean => /^2[23]/.test((e as { code?: string }).code ?? '');

/**
 * A sink writing each batch into a PostgreSQL table with exactly-once effect: the batch's rows and a
 * progress row (application, output operation, batch time) commit in one transaction, so a batch run
 * again after a restart finds its progress row and is skipped, and a batch that fails commits nothing.
 * `append` inserts every row; `upsert` inserts or updates on the declared unique key (within a batch,
 * the last record of a key wins). Rows go in multi-row inserts of `maxRowsPerInsert`. The sink owns a
 * small connection pool, opened at the first non-empty batch and closed when the context stops. Empty
 * batches touch nothing. Each batch's transaction also deletes the operation's progress rows older than
 * its `keepProgressRows` newest (1000), so the progress table does not grow without bound. Spark has no PostgreSQL sink; this is its documented `foreachRDD` pattern for
 * transactional output (store the batch time with the output, in one transaction).
 *
 * @example
 * words.foreachRDD(postgresSink({
 *   connectionString: 'postgres://app@db/app', table: 'word_counts', mode: 'upsert', key: ['word'],
 *   columns: ['word', 'count'], row: ([word, count]) => ({ word, count }), application: 'word-count',
 * }));
 * @throws InvalidArgumentError (when made) for a missing or inconsistent option, naming it
 * @throws SinkWriteError (when writing) naming the table, the batch time and, when one record is to
 *   blame (its mapping failed, or PostgreSQL refused its row), the record and its position
 */
export function postgresSink<T>(options: PostgresSinkOptions<T>): PostgresSink<T> {
  const config = configure(options);
  const poolSize = positiveInteger('poolSize', options.poolSize, 2);
  const connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs, 10_000);
  const connectionString = options.connectionString;
  let pool: pg.Pool | undefined;
  let progressReady: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    if (pool === undefined) return Promise.resolve();
    closing ??= pool.end();
    pool = undefined;
    progressReady = undefined;
    return closing.finally(() => {
      closing = undefined;
    });
  };

  const openPool = (output: OutputOperation | undefined): pg.Pool => {
    if (pool !== undefined) return pool;
    const made = new (loadPg().Pool)({
      connectionString,
      max: poolSize,
      connectionTimeoutMillis: connectTimeoutMs,
      application_name: `sluice ${config.application}`.slice(0, 63),
    });
    // An idle connection dropped by the server: the next batch's connect reports it.
    made.on('error', () => {});
    output?.onStop(close);
    pool = made;
    return made;
  };

  const write = async (rdd: Rdd<T>, time: Time, output?: OutputOperation): Promise<void> => {
    const timeMs = time as number;
    const operation = config.operation ?? (output === undefined ? undefined : String(output.id));
    if (operation === undefined) {
      throw new InvalidArgumentError(`${SINK}: operation must be given when the sink is called outside foreachRDD`);
    }
    const rows = mapRows(config, rdd, timeMs);
    if (rows.length === 0) return;
    const fail = (reason: string, record?: unknown, cause?: unknown): SinkWriteError =>
      new SinkWriteError(SINK, config.table, timeMs, reason, record, cause);
    let client: pg.PoolClient;
    try {
      client = await openPool(output).connect();
    } catch (e) {
      throw fail(`cannot connect to PostgreSQL: ${describeError(e)}`, undefined, e);
    }
    let broken: Error | undefined;
    try {
      progressReady ??= ensureProgressTable(client, config.progressTable);
      await progressReady.catch((e: unknown) => {
        progressReady = undefined;
        throw fail(`cannot create the progress table ${config.progressTable}: ${describeError(e)}`, undefined, e);
      });
      await client.query('begin');
      try {
        const claimed = await claimBatch(
          client,
          config.progressTable,
          config.application,
          operation,
          timeMs,
          rows.length,
        );
        if (!claimed) {
          await client.query('rollback');
          return;
        }
        for (let from = 0; from < rows.length; from += config.maxRowsPerInsert) {
          await insertChunk(client, config, rows.slice(from, from + config.maxRowsPerInsert), fail);
        }
        if (config.keepProgressRows !== Number.POSITIVE_INFINITY) {
          await pruneProgress(client, config.progressTable, config.application, operation, config.keepProgressRows);
        }
        crashPoint('postgresSink.beforeCommit');
        await client.query('commit');
        crashPoint('postgresSink.afterCommit');
      } catch (e) {
        await client.query('rollback').catch((r: unknown) => {
          broken = r instanceof Error ? r : new Error(String(r));
        });
        if (e instanceof SinkWriteError) throw e;
        throw fail(describeError(e), undefined, e);
      }
    } finally {
      client.release(broken);
    }
  };

  return Object.assign(write, { table: config.table, close });
}

/**
 * Inserts `rows` in one statement. When PostgreSQL refuses it because of a row, finds that row by
 * inserting the rows one at a time (inside savepoints, so the transaction survives the search) and names
 * its record; the caller then rolls the whole batch back.
 */
async function insertChunk<T>(
  client: pg.PoolClient,
  config: Config<T>,
  rows: Row[],
  fail: (reason: string, record?: unknown, cause?: unknown) => SinkWriteError,
): Promise<void> {
  const savepoint = quoteIdentifier('sluice_chunk');
  await client.query(`savepoint ${savepoint}`);
  try {
    await client.query(
      insertStatement(config.table, config.columns, rows.length, config.conflict),
      rows.flatMap((r) => r.values),
    );
    return;
  } catch (e) {
    if (!isRowError(e)) throw fail(describeError(e), undefined, e);
    await client.query(`rollback to savepoint ${savepoint}`);
    const single = insertStatement(config.table, config.columns, 1, config.conflict);
    for (const row of rows) {
      await client.query(`savepoint ${savepoint}`);
      try {
        await client.query(single, row.values);
      } catch (one) {
        throw fail(`PostgreSQL refused ${row.where}: ${describeError(one)}`, row.record, one);
      }
    }
    throw fail(describeError(e), undefined, e);
  }
}

let pgModule: typeof pg | undefined;
/**
 * The driver, loaded when the first pool opens: a program that never writes to PostgreSQL does not pay for
 * loading it when it imports Sluice.
 */
function loadPg(): typeof pg {
  pgModule ??= createRequire(import.meta.url)('pg') as typeof pg;
  return pgModule;
}
