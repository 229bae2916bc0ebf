import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type ThrowawayPostgres = { url: string; drop(): Promise<void> };

/**
 * Creates `gateway_test_<random>` on the server `serverUrl` points at, so each test file works in
 * its own database and never touches the one named in DATABASE_URL.
 */
export async function createThrowawayPostgres(serverUrl: string): Promise<ThrowawayPostgres> {
  const name = `gateway_test_${randomBytes(6).toString('hex')}`;
  await runOnServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends sessions a failed test may have left open (PostgreSQL 13+).
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function runOnServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
