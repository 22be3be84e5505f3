import pg from 'pg';
import { portFromEnv, requireService } from '../service.ts';

/** The port of the cluster that `scripts/postgres start` runs (SLUICE_PG_PORT, 15432 by default). */
export const postgresPort = portFromEnv('SLUICE_PG_PORT', 15432);

/** The connection string `scripts/postgres start` prints. */
export const postgresUrl = `postgres://sluice:sluice@127.0.0.1:${postgresPort}/sluice`;

/** A connected client of the test database; fails, naming `scripts/postgres`, when the server is not running. */
export async function testPostgresClient(): Promise<pg.Client> {
  await requireService('PostgreSQL', postgresPort, 'scripts/postgres');
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  return client;
}

/**
 * One client for a test file, connected by the first test that asks (not in a before hook, so that
 * without a server every test fails with the message naming scripts/postgres rather than being
 * cancelled), and the tables the file made, dropped by `close()`.
 */
export function lazyDatabase(): {
  client(): Promise<pg.Client>;
  dropLater(table: string): void;
  close(): Promise<void>;
} {
  let connected: Promise<pg.Client> | undefined;
  const tables: string[] = [];
  return {
    client: () => {
      connected ??= testPostgresClient();
      return connected;
    },
    dropLater: (table) => {
      tables.push(table);
    },
    close: async () => {
      if (connected === undefined) return;
      const client = await connected.catch(() => undefined);
      if (client === undefined) return;
      for (const t of tables) await client.query(`drop table if exists ${t}`);
      await client.end();
    },
  };
}
