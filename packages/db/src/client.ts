import { createPgliteDatabase } from './client/pglite-database';
import { createPostgresDatabase } from './client/postgres-database';
import type { Database } from './database';
import { migrate } from './migrate';

export type CreateDatabaseOptions = {
  /** Postgres connection string. Unset (or empty): embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory, resolved from process.cwd(); `memory://` for a throwaway database. */
  dataDir?: string;
  pool?: { max?: number };
  /** Postgres only: the LISTEN connection's heartbeat (see startPostgresChangeListener). */
  changeListener?: { heartbeatIntervalMs?: number; heartbeatTimeoutMs?: number };
  /**
   * PGlite only, for a new `memory://` database: start from this `dumpDataDir()` output instead
   * of running initdb (about 10x faster; the test suite uses it). Migrations still run.
   */
  pgliteTemplate?: Blob;
  /** Skip applying migrations before resolving (e.g. when a separate job migrates). */
  skipMigrations?: boolean;
  /** Where the generated migrations are, when a bundler moved this package's files. */
  migrationsFolder?: string;
};

export const DEFAULT_DATA_DIR = '.data/';

/**
 * Opens the gateway database: node-postgres when `databaseUrl` is set, else embedded PGlite.
 * Both expose the same drizzle handle and change-notice API; migrations run before it resolves.
 */
export async function createDatabase(options: CreateDatabaseOptions = {}): Promise<Database> {
  const database = options.databaseUrl
    ? await createPostgresDatabase({
        databaseUrl: options.databaseUrl,
        poolMax: options.pool?.max,
        changeListener: options.changeListener,
      })
    : await createPgliteDatabase({
        dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
        template: options.pgliteTemplate,
      });
  if (!options.skipMigrations) {
    try {
      await migrate(database, { migrationsFolder: options.migrationsFolder });
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
