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
