import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, getCustomLlm, listCustomLlms, upsertCustomLlm } from '@gateway/db';
import { createThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomLlmService } from '@/server/admin/custom-llm-service';
import { createRuntime } from '@/server/runtime';
import { masterKeyFromBase64 } from '@/server/secrets/envelope-encryption';
import { rotateStoredSecrets } from '@/server/secrets/rotate-secrets';
import { createSecretsCodec } from '@/server/secrets/secrets-codec';
import { DefinitionCache } from '@/server/stores/definition-cache';
import { chat } from '../faults/support/gateway-calls';
import { bedrockDefinition, openAiDefinition, STATIC_CREDENTIALS } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const silent = pino({ level: 'silent' });

describe('rows written before encryption are migrated at start-up', () => {
  it('createRuntime encrypts clear-text secrets and rewrites the row, then serves it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-migrate-'));
    const throwaway = process.env.DATABASE_URL
      ? await createThrowawayPostgres(process.env.DATABASE_URL)
      : undefined;
    const target = throwaway ? { databaseUrl: throwaway.url } : { dataDir: path.join(dataDir, 'pglite') };
    try {
      const legacyDatabase = await createDatabase(target);
      await upsertCustomLlm(legacyDatabase, {
        publicId: 'legacy-bedrock',
        definition: bedrockDefinition('https://bedrock-runtime.us-east-1.amazonaws.com'),
        encryptedSecrets: null,
      });
      await legacyDatabase.close();

      const runtime = await createRuntime({
        env: {
          NODE_ENV: 'test',
          GATEWAY_DATA_DIR: dataDir,
          GATEWAY_ADMIN_TOKEN: 'admin-token-for-migration-test',
          GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          LOG_LEVEL: 'silent',
          ...(throwaway ? { DATABASE_URL: throwaway.url } : {}),
        },
        logger: silent,
      });
      try {
        const row = await getCustomLlm(runtime.database, 'legacy-bedrock');
        expect(JSON.stringify(row?.definition)).not.toContain(STATIC_CREDENTIALS.secretAccessKey);
        expect(row?.encrypted_secrets).toMatchObject({ kid: runtime.codec.currentKeyId });
        expect(runtime.definitions.resolve('legacy-bedrock')?.definition.aws_bedrock).toMatchObject({
          secret_access_key: STATIC_CREDENTIALS.secretAccessKey,
        });
      } finally {
        await runtime.close();
      }
    } finally {
      await throwaway?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('rotateStoredSecrets while the gateway keeps serving', () => {
  const oldKeyBase64 = randomBytes(32).toString('base64');
  const newKeyBase64 = randomBytes(32).toString('base64');
  const oldKey = masterKeyFromBase64(oldKeyBase64);
  const newKey = masterKeyFromBase64(newKeyBase64);
  let gateway: TestGateway;

  beforeAll(async () => {
    // Step 1 of a rotation: instances run with the new key, the old one listed as previous.
    gateway = await startTestGateway({
      env: { GATEWAY_ENCRYPTION_KEY: newKeyBase64, GATEWAY_ENCRYPTION_KEY_PREVIOUS: oldKeyBase64 },
      extraSecrets: [oldKeyBase64, newKeyBase64],
    });
    // The rows were written under the old key (as a previous deployment did).
    const oldService = new CustomLlmService(gateway.runtime.database, createSecretsCodec(oldKey), () =>
      gateway.runtime.definitions.reload(),
    );
    for (let index = 0; index < 6; index++) {
      const definition =
        index % 2 === 0
          ? bedrockDefinition(gateway.emulator.url, 'session')
          : openAiDefinition(gateway.emulator.url, { api_key: `sk-rotate-${index}-0123456789` });
      const saved = await oldService.put(`model-${index}`, definition);
      expect(saved.ok).toBe(true);
    }
  });
  afterAll(() => gateway?.close());

  it('requests during the rotation succeed; afterwards the new key alone decrypts everything', async () => {
    const before = await listCustomLlms(gateway.runtime.database);
    expect(before.every((row) => (row.encrypted_secrets as { kid: string }).kid === oldKey.id)).toBe(true);

    let rotating = true;
    const statuses: number[] = [];
    const traffic = (async () => {
      for (let index = 0; rotating || index < 6; index++) {
        statuses.push((await chat(gateway, `model-${index % 6}`)).status);
        // Reloads mid-rotation read a mix of old- and new-key rows.
        await gateway.runtime.definitions.reload();
      }
    })();
    const result = await rotateStoredSecrets(
      gateway.runtime.database,
      createSecretsCodec(newKey, [oldKey]),
      () => void gateway.runtime.definitions.reload(),
    );
    rotating = false;
    await traffic;

    expect(result).toMatchObject({ total: 6, rewrapped: 6 });
    expect(statuses.length).toBeGreaterThanOrEqual(6);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const after = await listCustomLlms(gateway.runtime.database);
    expect(after.every((row) => (row.encrypted_secrets as { kid: string }).kid === newKey.id)).toBe(true);
    // Step 3: an instance with only the new key serves every definition.
    const onlyNewKey = new DefinitionCache(gateway.runtime.database, createSecretsCodec(newKey), silent);
    await onlyNewKey.reload();
    expect(onlyNewKey.list().map((model) => model.publicId)).toHaveLength(6);
    expect(onlyNewKey.resolve('model-1')?.definition.api_key).toBe('sk-rotate-1-0123456789');
    // And the old key alone no longer can: it is really retired.
    const onlyOldKey = new DefinitionCache(gateway.runtime.database, createSecretsCodec(oldKey), silent);
    await onlyOldKey.reload();
    expect(onlyOldKey.list()).toHaveLength(0);
  });
});
