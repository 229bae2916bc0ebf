import { customLlm2 } from '@gateway/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat } from '../faults/support/gateway-calls';
import { bedrockDefinition, openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const UPSTREAM_KEY = 'sk-binding-upstream-key-0123456789';
const GOOGLE_KEY = 'AIzaSyBinding-key.with-dots_0123456789';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    emulator: { openAiApiKey: UPSTREAM_KEY },
    extraSecrets: [UPSTREAM_KEY, GOOGLE_KEY],
  });
  await gateway.putDefinition('victim', openAiDefinition(gateway.emulator.url, { api_key: UPSTREAM_KEY }));
});
afterAll(() => gateway?.close());

type Issues = { error: { issues: { path: string; message: string }[] } };
const read = async (publicId: string) =>
  (
    (await (await gateway.admin('GET', `/api/admin/custom-llms/${publicId}`)).json()) as {
      definition: Record<string, unknown>;
    }
  ).definition;

// Issue 17 #4: sending back the masked api_key kept the stored key even when base_url changed, so a
// stolen console session could point the definition at its own host and receive the key via /test.
describe('a masked secret keeps the stored one only while its destination is unchanged', () => {
  it('refuses the mask with a new base_url host, naming the field', async () => {
    const masked = await read('victim');
    expect(masked.api_key).toMatch(/^••••/);
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/victim', {
      ...masked,
      base_url: 'https://attacker.example/v1',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Issues;
    expect(body.error.issues).toEqual([
      {
        path: 'api_key',
        message: expect.stringMatching(/where this secret is sent changed.*enter the secret again/),
      },
    ]);
    expect((await read('victim')).base_url).toBe(`${gateway.emulator.url}/v1`);
  });

  it('refuses the mask when the provider kind changes', async () => {
    const masked = await read('victim');
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/victim', {
      ...masked,
      openclaw_settings: { api_adapter: 'anthropic-messages' },
    });
    expect(response.status).toBe(400);
  });

  it('keeps the stored secret when only harmless fields change (same origin, other path)', async () => {
    const masked = await read('victim');
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/victim', {
      ...masked,
      display_name: 'renamed',
    });
    expect(response.status).toBe(200);
    expect((await chat(gateway, 'victim')).status).toBe(200);
  });

  it('refuses a masked Bedrock secret when the region changes', async () => {
    await gateway.putDefinition('bedrock', bedrockDefinition(gateway.emulator.url));
    const masked = await read('bedrock');
    const response = await gateway.admin('PUT', '/api/admin/custom-llms/bedrock', {
      ...masked,
      aws_bedrock: { ...(masked.aws_bedrock as object), region: 'eu-west-1' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Issues).error.issues[0]?.path).toBe('aws_bedrock.secret_access_key');
  });
});

// Issue 17 #5: the ciphertext was not bound to its row; a database writer could move row A's
// secrets to a row it controls, or edit A's base_url, and the gateway sent A's key there.
describe('stored secrets are bound to their row and destinations', () => {
  it('secrets copied to another row, or a base_url edited in the database, are never used', async () => {
    const database = gateway.runtime.database;
    const [victim] = await database.db.select().from(customLlm2).where(eq(customLlm2.public_id, 'victim'));
    if (!victim) throw new Error('victim row missing');
    await database.db.insert(customLlm2).values({
      public_id: 'stolen',
      definition: victim.definition,
      encrypted_secrets: victim.encrypted_secrets,
    });
    await database.db
      .update(customLlm2)
      .set({ definition: sql`jsonb_set(definition, '{base_url}', '"https://attacker.example/v1"')` })
      .where(eq(customLlm2.public_id, 'victim'));
    await gateway.runtime.definitions.reload();
    expect(gateway.runtime.definitions.resolve('stolen')).toBeUndefined();
    expect(gateway.runtime.definitions.resolve('victim')).toBeUndefined();
    expect(await gateway.runtime.customLlms.getWithSecrets('stolen').catch(() => 'refused')).toBe('refused');
    // Restore the victim for the tests below.
    await database.db.delete(customLlm2).where(eq(customLlm2.public_id, 'stolen'));
    await database.db.delete(customLlm2).where(eq(customLlm2.public_id, 'victim'));
    await gateway.putDefinition('victim', openAiDefinition(gateway.emulator.url, { api_key: UPSTREAM_KEY }));
  });
});

// Issue 17 #8 and #12: credential-like extra_headers are secrets; URLs carry no userinfo; header
// values carry no control characters.
describe('secrets outside the protected fields', () => {
  it('an extra header named like a credential is encrypted, masked on reads and still sent', async () => {
    await gateway.putDefinition(
      'google',
      openAiDefinition(gateway.emulator.url, {
        api_key: UPSTREAM_KEY,
        extra_headers: { 'x-goog-api-key': GOOGLE_KEY, 'x-team': 'research' },
      }),
    );
    const [row] = await gateway.runtime.database.db
      .select()
      .from(customLlm2)
      .where(eq(customLlm2.public_id, 'google'));
    expect(JSON.stringify(row)).not.toContain(GOOGLE_KEY);
    const listed = await (await gateway.admin('GET', '/api/admin/custom-llms')).text();
    expect(listed).not.toContain(GOOGLE_KEY);
    const masked = await read('google');
    expect(masked.extra_headers).toEqual({
      'x-goog-api-key': expect.stringMatching(/^••••/),
      'x-team': 'research',
    });
    expect(gateway.runtime.definitions.resolve('google')?.definition.extra_headers).toEqual({
      'x-goog-api-key': GOOGLE_KEY,
      'x-team': 'research',
    });
    // Saving the masked copy back keeps the header's secret.
    expect((await gateway.admin('PUT', '/api/admin/custom-llms/google', masked)).status).toBe(200);
    expect(gateway.runtime.definitions.resolve('google')?.definition.extra_headers?.['x-goog-api-key']).toBe(
      GOOGLE_KEY,
    );
  });

  it('refuses a base_url with a user name or password, naming the field', async () => {
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/userinfo',
      openAiDefinition('http://user:hunter2hunter2@127.0.0.1:9'),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as Issues;
    expect(body.error.issues.map((issue) => issue.path)).toContain('base_url');
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('refuses CR/LF in an extra header value at validation', async () => {
    const response = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/crlf',
      openAiDefinition(gateway.emulator.url, { extra_headers: { 'x-note': 'a\r\nx-injected: 1' } }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as Issues;
    expect(body.error.issues[0]).toMatchObject({ message: expect.stringMatching(/control characters/) });
  });
});
