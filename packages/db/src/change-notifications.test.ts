import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { RESYNC_NOTICE } from './change-notice';
import { LISTENER_APPLICATION_NAME } from './client/postgres-change-listener';
import type { Database } from './database';
import { insertApiKey, revokeApiKey } from './queries/api-keys';
import { deleteCustomLlm, upsertCustomLlm } from './queries/custom-llms';
import {
  describeEachTarget,
  POSTGRES_SKIP_REASON,
  postgresServerUrl,
  registerTarget,
} from './test-support/test-targets';
import { waitForChange } from './test-support/wait-for-change';

// DESIGN.md, Scale-out: a change made through any instance reaches every other within a second.
const PROPAGATION_LIMIT_MS = 1_000;

const definition = { internal_id: 'gpt-4o', display_name: 'GPT-4o' };

describeEachTarget('change notices on one instance', (target) => {
  it('reach every subscriber of the writing instance, and stop after unsubscribe', async () => {
    const database = await target.open();
    const heardByFirst = waitForChange(database, (change) => change.key === 'shared');
    const heardBySecond = waitForChange(database, (change) => change.key === 'shared');
    await upsertCustomLlm(database, { publicId: 'shared', definition, encryptedSecrets: null });
    expect(await heardByFirst).toEqual({ table: 'custom_llm2', key: 'shared' });
    expect(await heardBySecond).toEqual({ table: 'custom_llm2', key: 'shared' });

    const heardAfterUnsubscribe: string[] = [];
    const unsubscribe = database.onChange((change) => heardAfterUnsubscribe.push(change.key));
    unsubscribe();
    const end = waitForChange(database, (change) => change.key === 'end');
    await database.notifyChange({ table: 'api_keys', key: 'end' });
    await end;
    expect(heardAfterUnsubscribe).toEqual([]);
  });

  it('keep flowing when a listener throws', async () => {
    const database = await target.open();
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      database.onChange(() => {
        throw new Error('listener bug');
      });
      const heard = waitForChange(database, (change) => change.key === 'after-throw');
      await database.notifyChange({ table: 'custom_llm2', key: 'after-throw' });
      expect(await heard).toEqual({ table: 'custom_llm2', key: 'after-throw' });
      expect(reported).toHaveBeenCalledTimes(1);
    } finally {
      reported.mockRestore();
    }
  });
});

if (!postgresServerUrl) console.info(`LISTEN/NOTIFY across instances (postgres): ${POSTGRES_SKIP_REASON}`);

describe('change notices across instances (postgres)', () => {
  const target = registerTarget('postgres');

  it.skipIf(!postgresServerUrl)('reach another instance on the same Postgres within a second', async () => {
    const writer = await target.open();
    const reader = await target.open();
    const writes: [string, (database: Database) => Promise<unknown>][] = [
      [
        'custom_llm2:team/x',
        (database) => upsertCustomLlm(database, { publicId: 'team/x', definition, encryptedSecrets: null }),
      ],
      ['custom_llm2:team/x', (database) => deleteCustomLlm(database, 'team/x')],
      [
        'api_keys:k1',
        (database) => insertApiKey(database, { id: 'k1', name: 'k', key_hash: 'h', key_prefix: 'p' }),
      ],
      ['api_keys:k1', (database) => revokeApiKey(database, 'k1')],
    ];
    for (const [expected, write] of writes) {
      const [table, key] = expected.split(':');
      const heard = waitForChange(reader, (change) => change.table === table && change.key === key);
      await write(writer);
      const committedAt = performance.now();
      await heard;
      expect(performance.now() - committedAt).toBeLessThan(PROPAGATION_LIMIT_MS);
    }
  });

  it.skipIf(!postgresServerUrl)(
    'resume after the listener connection is killed, with a resync notice first',
    async () => {
      const writer = await target.open();
      const reader = await target.open();
      const resynced = waitForChange(reader, (change) => change.table === '*');
      // Both instances' listeners live in this suite's throwaway database; end them all.
      const killed = await writer.queryRows(
        sql`select pg_terminate_backend(pid) as killed from pg_stat_activity
            where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`,
      );
      expect(killed.length).toBeGreaterThanOrEqual(2);
      expect(await resynced).toEqual(RESYNC_NOTICE);

      const heard = waitForChange(reader, (change) => change.key === 'after-reconnect');
      await upsertCustomLlm(writer, { publicId: 'after-reconnect', definition, encryptedSecrets: null });
      expect(await heard).toEqual({ table: 'custom_llm2', key: 'after-reconnect' });
    },
  );
});
