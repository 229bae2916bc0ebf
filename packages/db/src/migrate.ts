import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Database } from './database';

/**
 * The committed `drizzle-kit generate` output. Run from source (tsx, vitest) it sits next to this
 * file; inside a bundle (Next.js) `import.meta.url` points into the bundle, so the package is found
 * from the working directory instead. `GATEWAY_MIGRATIONS_DIR` overrides both. Plain path
 * arithmetic (not `new URL(..., import.meta.url)`) keeps bundlers from treating it as an asset.
 */
export const defaultMigrationsFolder = resolveMigrationsFolder();

function resolveMigrationsFolder(): string {
  const fromEnv = process.env.GATEWAY_MIGRATIONS_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const besideSource = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'drizzle');
  if (existsSync(path.join(besideSource, 'meta', '_journal.json'))) return besideSource;
  const requireFromCwd = createRequire(path.join(process.cwd(), 'package.json'));
  return path.join(path.dirname(requireFromCwd.resolve('@gateway/db/package.json')), 'drizzle');
}

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
