import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './database';

/**
 * The committed `drizzle-kit generate` output. Bundlers that move this file can pass
 * `migrationsFolder` explicitly instead.
 */
export const defaultMigrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export type MigrateOptions = { migrationsFolder?: string };

/**
 * Applies pending migrations. Idempotent, and safe when several instances start at once on one
 * Postgres: they serialise on a `pg_advisory_lock` and the later ones find nothing to do.
 */
export async function migrate(database: Database, options: MigrateOptions = {}): Promise<void> {
  await database.runMigrations(options.migrationsFolder ?? defaultMigrationsFolder);
}

const newestMigrationMillis = new Map<string, number>();

function readNewestMigrationMillis(migrationsFolder: string): number {
  let newest = newestMigrationMillis.get(migrationsFolder);
  if (newest === undefined) {
    newest = Math.max(
      0,
      ...readMigrationFiles({ migrationsFolder }).map((migration) => migration.folderMillis),
    );
    newestMigrationMillis.set(migrationsFolder, newest);
  }
  return newest;
}

/**
 * For a readiness probe: true when the newest committed migration has been applied. Uses the
 * same rule as drizzle's migrator, which compares `created_at` with each migration's timestamp.
 */
export async function migrationsAreCurrent(
  database: Database,
  options: MigrateOptions = {},
): Promise<boolean> {
  const newest = readNewestMigrationMillis(options.migrationsFolder ?? defaultMigrationsFolder);
  const [table] = await database.queryRows(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (table?.present !== true) return newest === 0;
  const [applied] = await database.queryRows(
    sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
  );
  const appliedNewest = typeof applied?.newest === 'string' ? Number(applied.newest) : 0;
  return appliedNewest >= newest;
}
