import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type pg from 'pg';
import { uniqueName } from '../service.ts';
import { testPostgresClient } from './database.ts';

// The database that scripts/postgres runs, reached with `pg` as the PostgreSQL sink will reach it.

describe('PostgreSQL round trip', () => {
  let client: pg.Client;
  let connected: Promise<void> | undefined;
  const table = uniqueName('round_trip');

  // Each test connects (once for all) rather than a before hook, so that without a server every test fails
  // with the message naming scripts/postgres, instead of being reported as cancelled.
  function connect(): Promise<void> {
    connected ??= testPostgresClient().then(async (made) => {
      client = made;
      await client.query(`create table ${table} (id bigint primary key, word text not null, payload jsonb)`);
    });
    return connected;
  }

  after(async () => {
    if (!client) return;
    await client.query(`drop table if exists ${table}`);
    await client.end();
  });

  it('writes rows in a transaction and reads them back', async () => {
    await connect();
    await client.query('begin');
    await client.query(`insert into ${table} (id, word, payload) values ($1, $2, $3), ($4, $5, $6)`, [
      1,
      'spark',
      { n: 1 },
      2,
      'sluice',
      { n: [2, 3] },
    ]);
    await client.query('commit');
    const { rows } = await client.query(`select id, word, payload from ${table} order by id`);
    assert.deepEqual(rows, [
      { id: '1', word: 'spark', payload: { n: 1 } },
      { id: '2', word: 'sluice', payload: { n: [2, 3] } },
    ]);
  });

  it('leaves nothing of a rolled-back transaction, and upserts on conflict', async () => {
    await connect();
    await client.query('begin');
    await client.query(`insert into ${table} (id, word) values (10, 'lost')`);
    await client.query('rollback');
    await client.query(
      `insert into ${table} (id, word) values (1, 'updated') on conflict (id) do update set word = excluded.word`,
    );
    const { rows } = await client.query(`select id, word from ${table} where id in (1, 10) order by id`);
    assert.deepEqual(rows, [{ id: '1', word: 'updated' }]);
  });
});
