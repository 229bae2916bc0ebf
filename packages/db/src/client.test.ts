import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './client';
import { migrationsAreCurrent } from './migrate';
import { getCustomLlm, upsertCustomLlm } from './queries/custom-llms';
import { POSTGRES_SKIP_REASON, postgresServerUrl } from './test-support/test-targets';
import { createThrowawayPostgres } from './test-support/throwaway-postgres';

describe('createDatabase', () => {
  it('keeps PGlite data in <dataDir>/pglite across a close and reopen', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'gateway-db-'));
    try {
      const first = await createDatabase({ dataDir });
      expect(first.kind).toBe('pglite');
      await first.ping();
      await upsertCustomLlm(first, { publicId: 'kept', definition: { a: 1 }, encryptedSecrets: null });
      await first.close();

      expect(await readdir(dataDir)).toEqual(['pglite']);
      const second = await createDatabase({ dataDir });
      expect(await migrationsAreCurrent(second)).toBe(true);
      expect((await getCustomLlm(second, 'kept'))?.definition).toEqual({ a: 1 });
      await second.close();
      await second.close(); // idempotent
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects when the Postgres server cannot be reached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow();
  });

  if (!postgresServerUrl) console.info(`createDatabase on Postgres: ${POSTGRES_SKIP_REASON}`);

  it.skipIf(!postgresServerUrl)(
    'opens node-postgres when databaseUrl is set, and closes cleanly',
    async () => {
      const throwaway = await createThrowawayPostgres(postgresServerUrl!);
      try {
        const database = await createDatabase({ databaseUrl: throwaway.url, pool: { max: 2 } });
        expect(database.kind).toBe('postgres');
        await database.ping();
        expect(await migrationsAreCurrent(database)).toBe(true);
        await database.close();
        await database.close(); // idempotent
        await expect(database.ping()).rejects.toThrow();
      } finally {
        await throwaway.drop();
      }
    },
  );
});
