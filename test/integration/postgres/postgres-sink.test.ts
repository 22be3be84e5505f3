import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  BatchContext,
  type DStream,
  InvalidArgumentError,
  type PostgresSinkOptions,
  postgresSink,
  SinkWriteError,
  Time,
} from '../../../src/index.ts';
import { runStreams, runStreamsWithRestart } from '../../../src/testing/index.ts';
import { uniqueName } from '../service.ts';
import { lazyDatabase, postgresUrl } from './database.ts';

const db = lazyDatabase();
const progressTable = uniqueName('sink_progress');
db.dropLater(progressTable);
after(() => db.close());

type Count = [string, number];

/** A fresh `(word text primary key, n integer)` table, with a check that refuses negative counts. */
async function countsTable(): Promise<string> {
  const client = await db.client();
  const table = uniqueName('counts');
  db.dropLater(table);
  await client.query(`create table ${table} (word text primary key, n integer not null check (n >= 0))`);
  return table;
}

async function logTable(): Promise<string> {
  const client = await db.client();
  const table = uniqueName('log');
  db.dropLater(table);
  await client.query(`create table ${table} (word text not null, n integer not null check (n >= 0), batch_ms bigint)`);
  return table;
}

function countsSink(table: string, more: Partial<PostgresSinkOptions<Count>> = {}) {
  return postgresSink<Count>({
    connectionString: postgresUrl,
    table,
    columns: ['word', 'n'],
    row: ([word, n]) => ({ word, n }),
    application: 'counts',
    progressTable,
    ...more,
  });
}

async function rows(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const client = await db.client();
  return (await client.query(sql, params)).rows;
}

describe('postgresSink', () => {
  it('appends every row of every batch, with its batch time', async () => {
    const table = await logTable();
    await runStreams(
      [
        [
          [['a', 1]],
          [
            ['b', 2],
            ['a', 3],
          ],
          [],
        ],
      ],
      (s: DStream<Count>) => {
        s.foreachRDD(
          postgresSink<Count>({
            connectionString: postgresUrl,
            table,
            columns: ['word', 'n', 'batch_ms'],
            row: ([word, n], batchTimeMs) => ({ word, n, batch_ms: batchTimeMs }),
            application: uniqueName('append'),
            progressTable,
          }),
        );
        return s;
      },
      3,
    );
    assert.deepEqual(await rows(`select word, n, batch_ms from ${table} order by batch_ms, word`), [
      { word: 'a', n: 1, batch_ms: '1000' },
      { word: 'a', n: 3, batch_ms: '2000' },
      { word: 'b', n: 2, batch_ms: '2000' },
    ]);
  });

  it('upserts on the declared key: later batches update, and the last record of a key in a batch wins', async () => {
    const table = await countsTable();
    await runStreams(
      [
        [
          [
            ['a', 1],
            ['b', 2],
          ],
          [
            ['a', 3],
            ['c', 1],
            ['a', 4],
          ],
          [['b', 0]],
        ],
      ],
      (s: DStream<Count>) => {
        s.foreachRDD(countsSink(table, { mode: 'upsert', key: ['word'], application: uniqueName('upsert') }));
        return s;
      },
      3,
    );
    assert.deepEqual(await rows(`select word, n from ${table} order by word`), [
      { word: 'a', n: 4 },
      { word: 'b', n: 0 },
      { word: 'c', n: 1 },
    ]);
  });

  it('upsert with every column in the key leaves existing rows as they are', async () => {
    const client = await db.client();
    const table = uniqueName('pairs');
    db.dropLater(table);
    await client.query(`create table ${table} (word text, n integer, primary key (word, n))`);
    await runStreams(
      [
        [
          [['a', 1]],
          [
            ['a', 1],
            ['a', 2],
          ],
        ],
      ],
      (s: DStream<Count>) => {
        s.foreachRDD(countsSink(table, { mode: 'upsert', key: ['word', 'n'], application: uniqueName('pairs') }));
        return s;
      },
      2,
    );
    assert.deepEqual(await rows(`select word, n from ${table} order by n`), [
      { word: 'a', n: 1 },
      { word: 'a', n: 2 },
    ]);
  });

  it('skips the batch re-run after a restart from the checkpoint: one copy in the table', async () => {
    const table = await logTable();
    const application = uniqueName('rerun');
    const written: number[] = [];
    const run = await runStreamsWithRestart(
      [
        [
          [['a', 1]],
          [
            ['b', 2],
            ['c', 3],
          ],
          [['d', 4]],
          [['e', 5]],
        ],
      ],
      (s: DStream<Count>) => {
        const sink = postgresSink<Count>({
          connectionString: postgresUrl,
          table,
          columns: ['word', 'n', 'batch_ms'],
          row: ([word, n], batchTimeMs) => ({ word, n, batch_ms: batchTimeMs }),
          application,
          progressTable,
        });
        s.foreachRDD(async (rdd, time, output) => {
          written.push(time);
          await sink(rdd, time, output);
        });
        return s;
      },
      4,
      { batchesBeforeRestart: 2 },
    );
    assert.deepEqual(run.rescheduledTimes, [2000]);
    assert.deepEqual(written, [1000, 2000, 2000, 3000, 4000], 'batch 2000 ran twice');
    assert.deepEqual(await rows(`select word, batch_ms from ${table} order by word`), [
      { word: 'a', batch_ms: '1000' },
      { word: 'b', batch_ms: '2000' },
      { word: 'c', batch_ms: '2000' },
      { word: 'd', batch_ms: '3000' },
      { word: 'e', batch_ms: '4000' },
    ]);
    assert.deepEqual(
      await rows(
        `select operation, batch_time_ms, row_count from ${progressTable} where application = $1 order by batch_time_ms`,
        [application],
      ),
      [
        { operation: '0', batch_time_ms: '1000', row_count: 1 },
        { operation: '0', batch_time_ms: '2000', row_count: 2 },
        { operation: '0', batch_time_ms: '3000', row_count: 1 },
        { operation: '0', batch_time_ms: '4000', row_count: 1 },
      ],
    );
  });

  it('keeps the newest keepProgressRows progress rows of its application and operation, and a re-run batch is still skipped', async () => {
    const table = await logTable();
    const pruned = uniqueName('pruned');
    const kept = uniqueName('kept');
    const written: number[] = [];
    const run = await runStreamsWithRestart(
      [[[['a', 1]], [['b', 2]], [['c', 3]], [['d', 4]], [['e', 5]]]],
      (s: DStream<Count>) => {
        const sink = (application: string, keepProgressRows: number) =>
          postgresSink<Count>({
            connectionString: postgresUrl,
            table,
            columns: ['word', 'n', 'batch_ms'],
            row: ([word, n], batchTimeMs) => ({ word, n: application === pruned ? n : n * 10, batch_ms: batchTimeMs }),
            application,
            progressTable,
            keepProgressRows,
          });
        const prunedSink = sink(pruned, 2);
        s.foreachRDD(async (rdd, time, output) => {
          written.push(time);
          await prunedSink(rdd, time, output);
        });
        s.foreachRDD(sink(kept, Number.POSITIVE_INFINITY));
        return s;
      },
      5,
      { batchesBeforeRestart: 2 },
    );
    assert.deepEqual(run.rescheduledTimes, [2000]);
    assert.deepEqual(written, [1000, 2000, 2000, 3000, 4000, 5000], 'batch 2000 ran twice');
    assert.deepEqual(
      (await rows(`select word, batch_ms from ${table} where n < 10 order by word`)).map((r) =>
        Object.values(r as Record<string, unknown>),
      ),
      [
        ['a', '1000'],
        ['b', '2000'],
        ['c', '3000'],
        ['d', '4000'],
        ['e', '5000'],
      ],
      'one copy of each batch',
    );
    const progress = async (application: string) =>
      (
        await rows(`select batch_time_ms from ${progressTable} where application = $1 order by batch_time_ms`, [
          application,
        ])
      ).map((r) => Number((r as { batch_time_ms: string }).batch_time_ms));
    assert.deepEqual(await progress(pruned), [4000, 5000]);
    assert.deepEqual(await progress(kept), [1000, 2000, 3000, 4000, 5000], 'another application keeps its rows');
  });

  it('a batch PostgreSQL refuses fails naming the table, the batch and the record, and commits nothing of it', async () => {
    const table = await countsTable();
    const application = uniqueName('refused');
    // Two rows per insert: the refused row is in the second statement, after the first went in.
    const operation = (s: DStream<Count>) => {
      s.foreachRDD(countsSink(table, { application, maxRowsPerInsert: 2 }));
      return s;
    };
    const input = [
      [['a', 1]],
      [
        ['b', 1],
        ['c', 2],
        ['d', -5],
        ['e', 1],
      ],
      [['f', 1]],
    ];
    await assert.rejects(runStreams([input], operation, 3), (e: Error) => {
      assert.match(e.message, /Batch 2000 ms failed in foreachRDD/);
      const cause = e.cause as SinkWriteError;
      assert.ok(cause instanceof SinkWriteError, String(cause));
      assert.equal(cause.code, 'SINK_WRITE_FAILED');
      assert.equal(cause.batchTime, 2000);
      assert.deepEqual(cause.record, ['d', -5]);
      assert.match(
        cause.message,
        new RegExp(
          `^postgresSink: batch 2000 ms into "${table}" failed: PostgreSQL refused record 0 of partition 1 \\(\\(d,-5\\)\\): .*check constraint`,
        ),
      );
      return true;
    });
    assert.deepEqual(await rows(`select word, n from ${table} order by word`), [{ word: 'a', n: 1 }]);
    assert.deepEqual(await rows(`select batch_time_ms from ${progressTable} where application = $1`, [application]), [
      { batch_time_ms: '1000' },
    ]);
  });

  it("a missing table fails the batch with PostgreSQL's reason and the table name", async () => {
    const table = uniqueName('missing');
    await assert.rejects(
      runStreams(
        [[[['a', 1]]]],
        (s: DStream<Count>) => {
          s.foreachRDD(countsSink(table, { application: uniqueName('missing') }));
          return s;
        },
        1,
      ),
      (e: Error) => {
        assert.ok(e.cause instanceof SinkWriteError);
        assert.match(
          e.cause.message,
          new RegExp(`batch 1000 ms into "${table}" failed: relation "${table}" does not exist`),
        );
        return true;
      },
    );
  });

  it('closes its connections when the context stops', async () => {
    const table = await countsTable();
    const application = uniqueName('pool');
    await runStreams(
      [[[['a', 1]], [['b', 1]]]],
      (s: DStream<Count>) => {
        s.foreachRDD(countsSink(table, { application, poolSize: 2 }));
        return s;
      },
      2,
    );
    // A backend leaves pg_stat_activity a moment after its client disconnected: poll, within a bound.
    const open = () =>
      rows('select count(*)::int as n from pg_stat_activity where application_name = $1', [`sluice ${application}`]);
    const deadline = Date.now() + 5000;
    let left = await open();
    while ((left[0] as { n?: number } | undefined)?.n !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = await open();
    }
    assert.deepEqual(left, [{ n: 0 }]);
  });
});

describe('postgresSink refuses what it cannot write', () => {
  const sc = new BatchContext({ defaultParallelism: 2 });
  const direct = (row: (r: unknown) => Record<string, unknown>) =>
    postgresSink<unknown>({
      connectionString: postgresUrl,
      table: 'never_written',
      columns: ['word', 'n'],
      row,
      application: 'refusals',
      operation: 'direct',
    });

  for (const [what, row, message] of [
    ['a missing column', () => ({ word: 'a' }), /row gave no value for column n for record 1 of partition 0 \(b\)/],
    [
      'an unknown column',
      () => ({ word: 'a', n: 1, nn: 2 }),
      /row gave nn, not among the columns, for record 1 of partition 0 \(b\)/,
    ],
    [
      'not an object',
      () => 7 as unknown as Record<string, unknown>,
      /row must return an object with the columns word, n, got 7 for record 1 of partition 0 \(b\)/,
    ],
    [
      'a throwing row function',
      (r: unknown) => {
        if (r === 'b') throw new Error('no b');
        return { word: r, n: 1 };
      },
      /row threw on record 1 of partition 0 \(b\): no b/,
    ],
  ] as [string, (r: unknown) => Record<string, unknown>, RegExp][]) {
    it(`${what}: names the table, the batch and the record, before connecting`, async () => {
      const sink = direct((r) => (r === 'a' ? { word: 'a', n: 1 } : row(r)));
      await assert.rejects(
        async () => sink(sc.parallelize(['a', 'b', 'c'], 1), Time.of(5000)),
        (e: Error) => {
          assert.ok(e instanceof SinkWriteError);
          assert.match(e.message, /^postgresSink: batch 5000 ms into "never_written" failed: /);
          assert.match(e.message, message);
          return true;
        },
      );
      await sink.close();
    });
  }

  it('options are checked when the sink is made', () => {
    const base: PostgresSinkOptions<Count> = {
      connectionString: postgresUrl,
      table: 't',
      columns: ['word', 'n'],
      row: ([word, n]) => ({ word, n }),
      application: 'app',
    };
    const refused: [Partial<PostgresSinkOptions<Count>>, RegExp][] = [
      [{ table: '' }, /table must be a table name/],
      [{ table: 'a.b.c' }, /table must be 'table' or 'schema.table', got 'a.b.c'/],
      [{ columns: [] }, /columns must list at least one column/],
      [{ columns: ['word', 'word'] }, /columns names a column twice: word, word/],
      [{ application: '' }, /application must be a non-empty string/],
      [{ mode: 'upsert' }, /key must list at least one column/],
      [{ mode: 'upsert', key: ['id'] }, /key column id is not in columns \(word, n\)/],
      [{ key: ['word'] }, /key is for mode 'upsert'/],
      [{ mode: 'merge' as 'append' }, /mode must be 'append' or 'upsert', got merge/],
      [{ maxRowsPerInsert: 0 }, /maxRowsPerInsert must be a whole number >= 1, got 0/],
      [
        { maxRowsPerInsert: 40000 },
        /maxRowsPerInsert 40000 × 2 columns passes PostgreSQL's 65535 parameters per statement \(at most 32767\)/,
      ],
      [{ poolSize: 1.5 }, /poolSize must be a whole number >= 1, got 1.5/],
      [{ keepProgressRows: 0 }, /keepProgressRows must be a whole number >= 1 or Infinity, got 0/],
      [{ keepProgressRows: 2.5 }, /keepProgressRows must be a whole number >= 1 or Infinity, got 2.5/],
      [{ connectionString: '' }, /connectionString must be a non-empty string/],
    ];
    for (const [change, message] of refused) {
      assert.throws(
        () => postgresSink({ ...base, ...change }),
        (e: Error) => {
          assert.ok(e instanceof InvalidArgumentError, `${JSON.stringify(change)}: ${e.message}`);
          assert.match(e.message, /^postgresSink: /);
          assert.match(e.message, message);
          return true;
        },
      );
    }
  });

  it('called outside foreachRDD without an operation name, it says so', async () => {
    const sink = postgresSink<Count>({
      connectionString: postgresUrl,
      table: 't',
      columns: ['word', 'n'],
      row: ([word, n]) => ({ word, n }),
      application: 'app',
    });
    await assert.rejects(
      async () => sink(sc.parallelize<Count>([['a', 1]], 1), Time.of(1000)),
      /operation must be given/,
    );
  });
});
