import { after } from 'node:test';
import { postgresSink } from '../../../src/index.ts';
import { runBatchSinkContract } from '../../sinks/sink.contract.ts';
import { uniqueName } from '../service.ts';
import { lazyDatabase, postgresUrl } from './database.ts';

// The sink contract against the PostgreSQL sink: a batch is there when its progress row is, and its rows
// are exactly those with its batch time.

type Event = { id: number; word: string; tags: string[] };
const db = lazyDatabase();
const progressTable = uniqueName('contract_progress');
db.dropLater(progressTable);
after(() => db.close());

type Target = { table: string; application: string };

runBatchSinkContract<Event, Target>('postgresSink', {
  fresh: async () => {
    const client = await db.client();
    const table = uniqueName('contract');
    db.dropLater(table);
    await client.query(
      `create table ${table} (id integer not null, word text not null, tags jsonb not null, batch_ms bigint not null)`,
    );
    return { table, application: uniqueName('app') };
  },
  attach: (stream, { table, application }) =>
    stream.foreachRDD(
      postgresSink<Event>({
        connectionString: postgresUrl,
        table,
        columns: ['id', 'word', 'tags', 'batch_ms'],
        row: (e, batchTimeMs) => ({ id: e.id, word: e.word, tags: JSON.stringify(e.tags), batch_ms: batchTimeMs }),
        application,
        progressTable,
        maxRowsPerInsert: 2,
      }),
    ),
  readBatch: async ({ table, application }, timeMs) => {
    const client = await db.client();
    const progress = await client.query(
      `select row_count from ${progressTable} where application = $1 and batch_time_ms = $2`,
      [application, timeMs],
    );
    const { rows } = await client.query(`select id, word, tags from ${table} where batch_ms = $1 order by id`, [
      timeMs,
    ]);
    if (progress.rowCount === 0) return rows.length === 0 ? undefined : [rows as Event[]];
    return [rows as Event[]];
  },
  leftovers: async ({ table, application }) => {
    const client = await db.client();
    const { rows } = await client.query(
      `select distinct batch_ms from ${table} t where not exists (select 1 from ${progressTable} p where p.application = $1 and p.batch_time_ms = t.batch_ms)`,
      [application],
    );
    return rows.map((r: { batch_ms: string }) => `rows of batch ${r.batch_ms} with no progress row`);
  },
  keepsPartitions: false,
  batches: [
    [
      { id: 1, word: 'spark', tags: ['a'] },
      { id: 2, word: 'sluice', tags: [] },
      { id: 3, word: 'stream', tags: ['b', 'c'] },
    ],
    [
      { id: 4, word: 'batch', tags: [] },
      { id: 5, word: 'window', tags: ['d'] },
    ],
    [],
  ],
});
