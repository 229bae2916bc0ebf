import { type SQL, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { CHANGE_CHANNEL, type ChangeNotice } from '../change-notice';
import type { Database, GatewayDb } from '../database';
import * as schema from '../schema';
import { ChangeHub } from './change-hub';
import { startPostgresChangeListener } from './postgres-change-listener';

export type PostgresDatabaseOptions = {
  databaseUrl: string;
  poolMax?: number;
  changeListener?: { heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number };
};

// Any fixed bigint works as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = '7176583521';

/** node-postgres Pool + drizzle, plus a dedicated LISTEN connection for change notices. */
export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolMax ?? 10,
    application_name: 'gateway',
    keepAlive: true,
  });
  // An idle pooled connection that dies emits 'error' on the pool; the pool already discards it,
  // and without a handler Node would crash the process.
  pool.on('error', () => undefined);
  const db: GatewayDb = drizzle({ client: pool, schema });
  const hub = new ChangeHub();

  let listener: Awaited<ReturnType<typeof startPostgresChangeListener>>;
  try {
    listener = await startPostgresChangeListener({
      databaseUrl: options.databaseUrl,
      emit: (change) => hub.emit(change),
      ...options.changeListener,
    });
  } catch (error) {
    await pool.end();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const notifySql = (change: ChangeNotice): SQL =>
    sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(change)})`;

  return {
    db,
    kind: 'postgres',
    async ping() {
      await pool.query('select 1');
    },
    close() {
      closing ??= (async () => {
        hub.clear();
        await listener.close();
        await pool.end();
      })();
      return closing;
    },
    onChange: (listenerFunction) => hub.subscribe(listenerFunction),
    async notifyChange(change) {
      await db.execute(notifySql(change));
    },
    writeWithNotice(write, noticeFor) {
      // NOTIFY inside the transaction is delivered only on commit, and never on rollback
      // (https://www.postgresql.org/docs/current/sql-notify.html).
      return db.transaction(async (transaction) => {
        const result = await write(transaction);
        const change = noticeFor(result);
        if (change) await transaction.execute(notifySql(change));
        return result;
      });
    },
    async queryRows(query) {
      const result = await db.execute(query);
      return (result as unknown as pg.QueryResult).rows;
    },
    async runMigrations(migrationsFolder) {
      // The lock is per session, so the migration must run on the very connection that holds it.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await drizzleMigrate(drizzle({ client, schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // Destroy rather than reuse a connection that may still hold the lock.
        client.release(broken);
      }
    },
  };
}
