import { expect, it } from 'vitest';
import { describeEachTarget, useEmptyDatabase } from '../test-support/test-targets';
import { recordChanges, waitForChange } from '../test-support/wait-for-change';
import { deleteCustomLlm, getCustomLlm, listCustomLlms, upsertCustomLlm } from './custom-llms';

const definition = {
  internal_id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
  display_name: 'Claude Sonnet 4.5',
  aws_bedrock: { region: 'us-east-1', use_default_credentials: true },
};

describeEachTarget('custom_llm2 queries', (target) => {
  const database = useEmptyDatabase(target);

  it('reports created on insert and updated on the second upsert, keeping created_at', async () => {
    const first = await upsertCustomLlm(database.current, {
      publicId: 'team/claude',
      definition,
      encryptedSecrets: null,
    });
    expect(first.created).toBe(true);
    expect(first.row).toMatchObject({ public_id: 'team/claude', definition, encrypted_secrets: null });
    expect(first.row.created_at).toBeInstanceOf(Date);
    expect(Object.keys(first.row)).not.toContain('created');

    const secrets = { version: 1, ciphertext: 'AAAA', wrapped_key: 'BBBB' };
    const second = await upsertCustomLlm(database.current, {
      publicId: 'team/claude',
      definition: { ...definition, display_name: 'Renamed' },
      encryptedSecrets: secrets,
    });
    expect(second.created).toBe(false);
    expect(second.row.definition).toEqual({ ...definition, display_name: 'Renamed' });
    expect(second.row.encrypted_secrets).toEqual(secrets);
    expect(second.row.created_at).toEqual(first.row.created_at);
    expect(second.row.updated_at.getTime()).toBeGreaterThanOrEqual(first.row.updated_at.getTime());

    expect(await getCustomLlm(database.current, 'team/claude')).toEqual(second.row);
  });

  it('leaves the stored row unchanged and sends no notice when a write fails', async () => {
    // On Postgres notices arrive asynchronously: let the setup's own notice land first.
    const stored = waitForChange(database.current, (change) => change.key === 'm');
    const { row } = await upsertCustomLlm(database.current, {
      publicId: 'm',
      definition,
      encryptedSecrets: null,
    });
    await stored;
    const recorder = recordChanges(database.current);
    // jsonb cannot store U+0000, so Postgres rejects this value inside the statement.
    await expect(
      upsertCustomLlm(database.current, {
        publicId: 'm',
        definition: { ...definition, display_name: 'bad\u0000name' },
        encryptedSecrets: null,
      }),
    ).rejects.toThrow();
    expect(await getCustomLlm(database.current, 'm')).toEqual(row);

    // A later successful write is still heard, and it is the only notice.
    const heard = waitForChange(database.current, (change) => change.key === 'other');
    await upsertCustomLlm(database.current, { publicId: 'other', definition, encryptedSecrets: null });
    await heard;
    recorder.stop();
    expect(recorder.changes).toEqual([{ table: 'custom_llm2', key: 'other' }]);
  });

  it('lists in public_id order and returns null for a missing id', async () => {
    for (const publicId of ['b', 'a/with/slashes', 'c']) {
      await upsertCustomLlm(database.current, { publicId, definition, encryptedSecrets: null });
    }
    const rows = await listCustomLlms(database.current);
    expect(rows.map((row) => row.public_id)).toEqual(['a/with/slashes', 'b', 'c']);
    expect(await getCustomLlm(database.current, 'missing')).toBeNull();
  });

  it('deletes once, then reports false', async () => {
    await upsertCustomLlm(database.current, { publicId: 'gone', definition, encryptedSecrets: null });
    const heard = waitForChange(database.current, (change) => change.table === 'custom_llm2');
    expect(await deleteCustomLlm(database.current, 'gone')).toBe(true);
    expect(await heard).toEqual({ table: 'custom_llm2', key: 'gone' });
    expect(await deleteCustomLlm(database.current, 'gone')).toBe(false);
    expect(await getCustomLlm(database.current, 'gone')).toBeNull();
  });
});
