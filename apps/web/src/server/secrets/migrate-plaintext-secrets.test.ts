import { randomBytes } from 'node:crypto';
import { createDatabase, type Database, getCustomLlm, upsertCustomLlm } from '@gateway/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { masterKeyFromBase64, sealEnvelope } from './envelope-encryption';
import { migratePlaintextSecrets } from './migrate-plaintext-secrets';
import { createSecretsCodec } from './secrets-codec';

const masterKey = masterKeyFromBase64(randomBytes(32).toString('base64'));
const codec = createSecretsCodec(masterKey);
/** An envelope as versions before issue 17 #5 sealed it: v1, not bound to its row. */
const unboundEnvelope = (secrets: Record<string, string>) => sealEnvelope(JSON.stringify(secrets), masterKey);
const bound = (row: { public_id: string; definition: Record<string, unknown> } | null) => ({
  publicId: row?.public_id ?? '',
  publicPart: row?.definition ?? {},
});
const logger = pino({ level: 'silent' });
const base = { internal_id: 'm', display_name: 'M', context_length: 1000, max_completion_tokens: 100 };

let database: Database;
beforeAll(async () => {
  database = await createDatabase({ dataDir: 'memory://' });
});
afterAll(() => database?.close());

describe('migratePlaintextSecrets', () => {
  it('moves clear-text secrets out of definition into an envelope, once', async () => {
    const legacy = {
      ...base,
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: 'AKIALEGACY',
        secret_access_key: 'legacy-secret-access-key',
        session_token: 'legacy-session-token',
      },
    };
    await upsertCustomLlm(database, { publicId: 'legacy', definition: legacy, encryptedSecrets: null });
    await upsertCustomLlm(database, {
      publicId: 'legacy-openai',
      definition: { ...base, base_url: 'https://api.example.com/v1', api_key: 'sk-legacy-openai-key' },
      encryptedSecrets: null,
    });
    await upsertCustomLlm(database, {
      publicId: 'already-encrypted',
      definition: { ...base, base_url: 'https://api.example.com/v1' },
      encryptedSecrets: codec.encrypt(
        { api_key: 'sk-encrypted-key-01' },
        { publicId: 'already-encrypted', publicPart: { ...base, base_url: 'https://api.example.com/v1' } },
      ),
    });

    const result = await migratePlaintextSecrets(database, codec, logger);
    expect(result).toEqual({ migrated: ['legacy', 'legacy-openai'], failed: [] });

    const row = await getCustomLlm(database, 'legacy');
    expect(JSON.stringify(row?.definition)).not.toContain('legacy-secret');
    expect(row?.definition).toMatchObject({
      aws_bedrock: { region: 'us-east-1', access_key_id: 'AKIALEGACY' },
    });
    expect(codec.decrypt(row?.encrypted_secrets, bound(row))).toEqual({
      'aws_bedrock.secret_access_key': 'legacy-secret-access-key',
      'aws_bedrock.session_token': 'legacy-session-token',
    });
    const openAi = await getCustomLlm(database, 'legacy-openai');
    expect(openAi?.definition).not.toHaveProperty('api_key');
    expect(codec.decrypt(openAi?.encrypted_secrets, bound(openAi))).toEqual({
      api_key: 'sk-legacy-openai-key',
    });

    expect(await migratePlaintextSecrets(database, codec, logger)).toEqual({ migrated: [], failed: [] });
  });

  it('re-seals a v1 envelope (written before rows were bound) bound to its public id and destinations', async () => {
    const definition = { ...base, base_url: 'https://api.example.com/v1' };
    await upsertCustomLlm(database, {
      publicId: 'old-envelope',
      definition,
      encryptedSecrets: unboundEnvelope({ api_key: 'sk-old-envelope-key' }),
    });
    const before = await getCustomLlm(database, 'old-envelope');
    expect(() => codec.decrypt(before?.encrypted_secrets, bound(before))).toThrow(/predate row binding/);
    const result = await migratePlaintextSecrets(database, codec, logger);
    expect(result.migrated).toContain('old-envelope');
    const row = await getCustomLlm(database, 'old-envelope');
    expect(row?.encrypted_secrets).toMatchObject({ v: 2 });
    expect(codec.decrypt(row?.encrypted_secrets, bound(row))).toEqual({ api_key: 'sk-old-envelope-key' });
    // Bound: the same envelope under another public id, or with another upstream, does not open.
    expect(() =>
      codec.decrypt(row?.encrypted_secrets, { publicId: 'attacker', publicPart: definition }),
    ).toThrow(/do not belong to this row/);
    expect(() =>
      codec.decrypt(row?.encrypted_secrets, {
        publicId: 'old-envelope',
        publicPart: { ...definition, base_url: 'https://attacker.example/v1' },
      }),
    ).toThrow(/do not belong to this row/);
  });

  it('keeps already-encrypted fields and lets a clear value written later win', async () => {
    await upsertCustomLlm(database, {
      publicId: 'mixed',
      definition: {
        ...base,
        aws_bedrock: {
          region: 'us-east-1',
          access_key_id: 'AKIAMIXED',
          secret_access_key: 'new-clear-secret',
        },
      },
      encryptedSecrets: unboundEnvelope({
        'aws_bedrock.secret_access_key': 'old-encrypted-secret',
        'aws_bedrock.session_token': 'encrypted-token',
      }),
    });
    await migratePlaintextSecrets(database, codec, logger);
    const row = await getCustomLlm(database, 'mixed');
    expect(codec.decrypt(row?.encrypted_secrets, bound(row))).toEqual({
      'aws_bedrock.secret_access_key': 'new-clear-secret',
      'aws_bedrock.session_token': 'encrypted-token',
    });
  });
});
