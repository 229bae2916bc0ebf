import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate as drizzleMigrate } from 'drizzle-orm/pglite/migrator';
import type { Database, GatewayDb } from '../database';
import * as schema from '../schema';
import { ChangeHub } from './change-hub';

export type PgliteDatabaseOptions = {
  /** A directory (PGlite keeps its files in `<dataDir>/pglite`) or `memory://`. */
  dataDir: string;
  /** An initialised data dir from PGlite's `dumpDataDir()`, loaded instead of running initdb. */
  template?: Blob;
};

export const MEMORY_DATA_DIR = 'memory://';

/**
 * Embedded PGlite + drizzle for development without a Postgres server. PGlite is one process and
 * one connection, so change notices only need an in-process fan-out.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  let location = MEMORY_DATA_DIR;
  if (options.dataDir !== MEMORY_DATA_DIR) {
    // A sub-folder, because the app keeps other files (e.g. a generated key) in the data dir.
    location = path.join(path.resolve(/*turbopackIgnore: true*/ process.cwd(), options.dataDir), 'pglite');
    await mkdir(location, { recursive: true });
  }
  const client = await PGlite.create(location, options.template ? { loadDataDir: options.template } : {});
  const db: GatewayDb = drizzle({ client, schema });
  const hub = new ChangeHub();
  let migrations: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;

  return {
    db,
    kind: 'pglite',
    async ping() {
      await client.query('select 1');
    },
    close() {
      closing ??= (async () => {
        hub.clear();
        await client.close();
      })();
      return closing;
    },
    onChange: (listener) => hub.subscribe(listener),
    async notifyChange(change) {
      hub.emit(change);
    },
    async writeWithNotice(write, noticeFor) {
      const result = await db.transaction(write);
      // Emitted after the commit, so a listener that re-reads the row sees the new version.
      const change = noticeFor(result);
      if (change) hub.emit(change);
      return result;
    },
    async queryRows(query) {
      // PGlite's `Results` has the rows under `rows`, typed loosely by drizzle's shared type.
      const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
      return result.rows;
    },
    runMigrations(migrationsFolder) {
      // One connection: serialise concurrent calls in this process instead of taking a lock.
      const run = migrations.then(() => drizzleMigrate(drizzle({ client, schema }), { migrationsFolder }));
      migrations = run.catch(() => undefined);
      return run;
    },
  };
}
