import { expect, it } from 'vitest';
import { describeEachTarget, useEmptyDatabase } from '../test-support/test-targets';
import { recordChanges, waitForChange } from '../test-support/wait-for-change';
import {
  findApiKeyByHash,
  insertApiKey,
  listActiveApiKeys,
  listApiKeys,
  revokeApiKey,
  touchApiKeysLastUsed,
} from './api-keys';

describeEachTarget('api_keys queries', (target) => {
  const database = useEmptyDatabase(target);

  it('inserts with a generated uuid, finds by hash and notifies', async () => {
    const heard = waitForChange(database.current, (change) => change.table === 'api_keys');
    const key = await insertApiKey(database.current, {
      name: 'ci',
      key_hash: 'hash-1',
      key_prefix: 'gw_abc',
      allowed_models: ['team/claude'],
      monthly_token_budget: 5_000_000_000,
    });
    expect(key.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(key).toMatchObject({
      name: 'ci',
      allowed_models: ['team/claude'],
      monthly_token_budget: 5_000_000_000,
      last_used_at: null,
      revoked_at: null,
    });
    expect(key.created_at).toBeInstanceOf(Date);
    expect(await heard).toEqual({ table: 'api_keys', key: key.id });

    expect(await findApiKeyByHash(database.current, 'hash-1')).toEqual(key);
    expect(await findApiKeyByHash(database.current, 'hash-2')).toBeNull();
  });

  it('rejects a duplicate hash', async () => {
    await insertApiKey(database.current, { id: 'a', name: 'a', key_hash: 'same', key_prefix: 'p' });
    await expect(
      insertApiKey(database.current, { id: 'b', name: 'b', key_hash: 'same', key_prefix: 'p' }),
    ).rejects.toThrow();
    expect((await listApiKeys(database.current)).map((key) => key.id)).toEqual(['a']);
  });

  it('revokes once: the key leaves the active list but stays findable with revoked_at', async () => {
    await insertApiKey(database.current, { id: 'keep', name: 'keep', key_hash: 'h1', key_prefix: 'p' });
    await insertApiKey(database.current, { id: 'drop', name: 'drop', key_hash: 'h2', key_prefix: 'p' });

    const heard = waitForChange(database.current, (change) => change.key === 'drop');
    expect(await revokeApiKey(database.current, 'drop')).toBe(true);
    expect(await heard).toEqual({ table: 'api_keys', key: 'drop' });

    expect(await revokeApiKey(database.current, 'drop')).toBe(false);
    expect(await revokeApiKey(database.current, 'missing')).toBe(false);
    expect((await listActiveApiKeys(database.current)).map((key) => key.id)).toEqual(['keep']);
    expect((await listApiKeys(database.current)).map((key) => key.id).sort()).toEqual(['drop', 'keep']);
    expect((await findApiKeyByHash(database.current, 'h2'))?.revoked_at).toBeInstanceOf(Date);
  });

  it('touches last_used_at for a batch without moving it back and without notices', async () => {
    // On Postgres notices arrive asynchronously: let the setup's own notices land first.
    const inserted = waitForChange(database.current, (change) => change.key === 'k2');
    await insertApiKey(database.current, { id: 'k1', name: 'one', key_hash: 'h1', key_prefix: 'p' });
    await insertApiKey(database.current, { id: 'k2', name: 'two', key_hash: 'h2', key_prefix: 'p' });
    await inserted;
    const later = new Date('2030-01-02T03:04:05.678Z');
    const earlier = new Date('2030-01-01T00:00:00.000Z');
    const recorder = recordChanges(database.current);

    expect(await touchApiKeysLastUsed(database.current, ['k1', 'k2', 'k1', 'missing'], later)).toBe(2);
    expect(await touchApiKeysLastUsed(database.current, ['k1'], earlier)).toBe(0);
    expect(await touchApiKeysLastUsed(database.current, [], later)).toBe(0);

    const keys = await listApiKeys(database.current);
    expect(keys.map((key) => key.last_used_at)).toEqual([later, later]);
    // A notice sent after the touches would arrive after this one, which marks the end.
    const end = waitForChange(database.current, (change) => change.key === 'end-marker');
    await database.current.notifyChange({ table: 'api_keys', key: 'end-marker' });
    await end;
    recorder.stop();
    expect(recorder.changes).toEqual([{ table: 'api_keys', key: 'end-marker' }]);
  });
});
