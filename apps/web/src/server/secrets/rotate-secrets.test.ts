import { randomBytes } from 'node:crypto';
import { createDatabase, type Database, getCustomLlm, listCustomLlms, upsertCustomLlm } from '@gateway/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSecrets } from './definition-secrets';
import { type Envelope, masterKeyFromBase64 } from './envelope-encryption';
import { type RotationProgress, rotateStoredSecrets } from './rotate-secrets';
import { createSecretsCodec } from './secrets-codec';
import { replaceStoredSecretsIfUnchanged } from './stored-secrets-writes';

const oldKey = masterKeyFromBase64(randomBytes(32).toString('base64'));
const newKey = masterKeyFromBase64(randomBytes(32).toString('base64'));
const oldCodec = createSecretsCodec(oldKey);

let database: Database;
beforeAll(async () => {
  database = await createDatabase({ dataDir: 'memory://' });
});
afterAll(() => database?.close());

async function save(publicId: string, definition: Record<string, unknown>, codec = oldCodec) {
  const { publicPart, secrets } = extractSecrets(definition as never);
  await upsertCustomLlm(database, {
    publicId,
    definition: publicPart,
    encryptedSecrets: codec.encrypt(secrets, { publicId, publicPart }),
  });
}

const bound = (row: { public_id: string; definition: Record<string, unknown> }) => ({
  publicId: row.public_id,
  publicPart: row.definition,
});

const base = { internal_id: 'm', display_name: 'M', context_length: 1000, max_completion_tokens: 100 };

describe('rotateStoredSecrets', () => {
  it('re-wraps every data key under the new key; afterwards the new key alone decrypts everything', async () => {
    await save('with-key', { ...base, base_url: 'https://api.example.com/v1', api_key: 'sk-rotate-me-0001' });
    await save('bedrock', {
      ...base,
      aws_bedrock: { region: 'us-east-1', access_key_id: 'AKIA0001', secret_access_key: 'secret-0001' },
    });
    await save('no-secrets', { ...base, base_url: 'https://api.example.com/v1' });
    const before = await listCustomLlms(database);

    const progress: RotationProgress[] = [];
    const rotating = createSecretsCodec(newKey, [oldKey]);
    const result = await rotateStoredSecrets(database, rotating, (step) => progress.push(step));

    expect(result).toEqual({ total: 3, rewrapped: 2, alreadyCurrent: 0, noSecrets: 1, unreadable: [] });
    expect(progress.map((step) => [step.publicId, step.outcome, step.done])).toEqual([
      ['bedrock', 'rewrapped', 1],
      ['no-secrets', 'no-secrets', 2],
      ['with-key', 'rewrapped', 3],
    ]);
    const onlyNew = createSecretsCodec(newKey);
    const onlyOld = createSecretsCodec(oldKey);
    for (const row of await listCustomLlms(database)) {
      if (row.encrypted_secrets === null) continue;
      expect((row.encrypted_secrets as Envelope).kid).toBe(newKey.id);
      const previous = before.find((candidate) => candidate.public_id === row.public_id);
      if (previous === undefined) throw new Error(`${row.public_id} appeared during the rotation`);
      // The payload is untouched; only the wrapped data key changed.
      expect((row.encrypted_secrets as Envelope).data).toBe((previous.encrypted_secrets as Envelope).data);
      expect(onlyNew.decrypt(row.encrypted_secrets, bound(row))).toEqual(
        oldCodec.decrypt(previous.encrypted_secrets, bound(previous)),
      );
      expect(() => onlyOld.decrypt(row.encrypted_secrets, bound(row))).toThrow(
        /GATEWAY_ENCRYPTION_KEY_PREVIOUS/,
      );
      expect(row.updated_at).toEqual(previous.updated_at);
    }

    // Running it again is a no-op.
    expect(await rotateStoredSecrets(database, rotating)).toMatchObject({ rewrapped: 0, alreadyCurrent: 2 });
  });

  it('lists a row under a key it does not know as unreadable, without touching it', async () => {
    const stranger = createSecretsCodec(masterKeyFromBase64(randomBytes(32).toString('base64')));
    await save(
      'stranger',
      { ...base, base_url: 'https://api.example.com/v1', api_key: 'sk-stranger-0001' },
      stranger,
    );
    const stored = await getCustomLlm(database, 'stranger');
    const result = await rotateStoredSecrets(database, createSecretsCodec(newKey, [oldKey]));
    expect(result.unreadable).toEqual(['stranger']);
    expect((await getCustomLlm(database, 'stranger'))?.encrypted_secrets).toEqual(stored?.encrypted_secrets);
  });
});

describe('replaceStoredSecretsIfUnchanged', () => {
  it('writes only when the row is still the one that was read (an admin save in between wins)', async () => {
    await save('cas', { ...base, base_url: 'https://api.example.com/v1', api_key: 'sk-first-00001' });
    const read = await getCustomLlm(database, 'cas');
    if (!read) throw new Error('row missing');
    await save('cas', { ...base, base_url: 'https://api.example.com/v1', api_key: 'sk-admin-saved-1' });
    const written = await replaceStoredSecretsIfUnchanged(database, read, {
      definition: read.definition,
      encryptedSecrets: createSecretsCodec(newKey, [oldKey]).rewrap(read.encrypted_secrets) ?? null,
    });
    expect(written).toBe(false);
    const now = await getCustomLlm(database, 'cas');
    expect(oldCodec.decrypt(now?.encrypted_secrets, bound(now as never))).toEqual({
      api_key: 'sk-admin-saved-1',
    });
  });
});
