import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ChangeListener, ChangeNotice } from './change-notice';
import type * as schema from './schema';

/** The drizzle handle both drivers (node-postgres and PGlite) satisfy; queries use only this. */
export type GatewayDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction on a GatewayDb. */
export type GatewayTransaction = Parameters<Parameters<GatewayDb['transaction']>[0]>[0];

export type DatabaseKind = 'postgres' | 'pglite';

export type Database = {
  db: GatewayDb;
  kind: DatabaseKind;
  /** Throws when the database cannot answer a trivial query (readiness probe). */
  ping(): Promise<void>;
  /** Stops the listener and closes every connection (idempotent); the Database is unusable afterwards. */
  close(): Promise<void>;
  /** Subscribes to changes made through any instance (this one included). Returns the unsubscribe. */
  onChange(listener: ChangeListener): () => void;
  /** Publishes a change notice outside any write (writes in ./queries publish their own). */
  notifyChange(change: ChangeNotice): Promise<void>;
  /**
   * Runs `write` in a transaction and publishes the notice `noticeFor` derives from its result
   * (none when it returns null) such that the notice is seen only if the write commits.
   */
  writeWithNotice<T>(
    write: (transaction: GatewayTransaction) => Promise<T>,
    noticeFor: (result: T) => ChangeNotice | null,
  ): Promise<T>;
  /** Runs raw SQL and returns its rows as the driver parsed them (for the few non-builder queries). */
  queryRows(query: SQL): Promise<Record<string, unknown>[]>;
  /** Applies the migrations in `migrationsFolder`, serialised across instances. Use `migrate()`. */
  runMigrations(migrationsFolder: string): Promise<void>;
};
