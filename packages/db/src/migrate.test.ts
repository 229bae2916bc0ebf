import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { expect, it } from 'vitest';
import { createDatabase } from './client';
import { defaultMigrationsFolder, migrate, migrationsAreCurrent } from './migrate';
import { describeEachTarget, POSTGRES_SKIP_REASON, postgresServerUrl } from './test-support/test-targets';

const committedMigrations = readMigrationFiles({ migrationsFolder: defaultMigrationsFolder });

async function appliedMigrationCount(database: Awaited<ReturnType<typeof createDatabase>>): Promise<number> {
  const [row] = await database.queryRows(
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  return Number(row?.count);
}

describeEachTarget('migrations', (target) => {
  it('are not current before migrate, current after, and applying them again changes nothing', async () => {
    const database = await target.open({ skipMigrations: true });
    expect(await migrationsAreCurrent(database)).toBe(false);

    await migrate(database);
    expect(await migrationsAreCurrent(database)).toBe(true);
    expect(await appliedMigrationCount(database)).toBe(committedMigrations.length);

    await migrate(database);
    expect(await appliedMigrationCount(database)).toBe(committedMigrations.length);
    const tables = await database.queryRows(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      'admin_sessions',
      'admin_tokens',
      'api_keys',
      'audit_log',
      'custom_llm2',
      'stored_responses',
      'usage_records',
    ]);
  });

  it('apply once when two migrations run at the same time', async () => {
    // On Postgres: two instances (two pools) racing on one fresh database. PGlite cannot be
    // shared between instances, so there the race is two calls on one instance.
    const first = await target.open({ skipMigrations: true });
    const second = target.kind === 'postgres' ? await target.open({ skipMigrations: true }) : first;
    await Promise.all([migrate(first), migrate(second)]);
    expect(await appliedMigrationCount(first)).toBe(committedMigrations.length);
    expect(await migrationsAreCurrent(second)).toBe(true);
  });
});

if (!postgresServerUrl)
  console.info(`concurrent createDatabase start-up (postgres): ${POSTGRES_SKIP_REASON}`);

it.skipIf(!postgresServerUrl)(
  'two instances starting together on one fresh Postgres both come up',
  async () => {
    const { createThrowawayPostgres } = await import('./test-support/throwaway-postgres');
    const throwaway = await createThrowawayPostgres(postgresServerUrl!);
    try {
      const instances = await Promise.all([
        createDatabase({ databaseUrl: throwaway.url }),
        createDatabase({ databaseUrl: throwaway.url }),
      ]);
      for (const instance of instances) expect(await migrationsAreCurrent(instance)).toBe(true);
      expect(await appliedMigrationCount(instances[0]!)).toBe(committedMigrations.length);
      await Promise.all(instances.map((instance) => instance.close()));
    } finally {
      await throwaway.drop();
    }
  },
);
