import { EMULATOR_DEFAULT_BEDROCK_API_KEY } from '@gateway/bedrock-emulator';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat } from '../faults/support/gateway-calls';
import { bedrockDefinition, openAiDefinition, SESSION_CREDENTIALS } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const OPENAI_KEY = 'sk-upstream-secret-at-rest-0123456789';
const SECRETS = [
  OPENAI_KEY,
  SESSION_CREDENTIALS.secretAccessKey,
  SESSION_CREDENTIALS.sessionToken as string,
  EMULATOR_DEFAULT_BEDROCK_API_KEY,
];
const MASK = '••••';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({ emulator: { openAiApiKey: OPENAI_KEY }, extraSecrets: [OPENAI_KEY] });
  await gateway.putDefinition('openai', openAiDefinition(gateway.emulator.url, { api_key: OPENAI_KEY }));
  await gateway.putDefinition('bedrock-session', bedrockDefinition(gateway.emulator.url, 'session'));
  await gateway.putDefinition('bedrock-api-key', bedrockDefinition(gateway.emulator.url, 'api_key'));
});
afterAll(() => gateway?.close());

/** Every row of every table, as Postgres prints it: what a database dump or backup would hold. */
async function dumpAllTables(): Promise<string> {
  await gateway.runtime.usage.flush();
  const parts: string[] = [];
  for (const table of ['custom_llm2', 'api_keys', 'usage_records']) {
    const rows = await gateway.runtime.database.queryRows(
      sql`select t::text as row from ${sql.identifier(table)} t`,
    );
    parts.push(...rows.map((row) => String(row.row)));
  }
  return parts.join('\n');
}

type Stored = { public_id: string; definition: Record<string, unknown> };

describe('secrets at rest', () => {
  it('a dump of every table holds no secret in clear, while the gateway uses them', async () => {
    for (const model of ['openai', 'bedrock-session', 'bedrock-api-key']) {
      expect((await chat(gateway, model)).status).toBe(200);
    }
    const dump = await dumpAllTables();
    expect(dump).toContain('"kid"');
    expect(dump).toContain(SESSION_CREDENTIALS.accessKeyId); // an id, not a secret: kept readable
    for (const secret of [...SECRETS, gateway.callerKey]) expect(dump).not.toContain(secret);
  });

  it('admin reads return redacted values only', async () => {
    const list = await (await gateway.admin('GET', '/api/admin/custom-llms')).text();
    const one = await (await gateway.admin('GET', '/api/admin/custom-llms/bedrock-session')).text();
    for (const text of [list, one]) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
    const stored = JSON.parse(one) as Stored;
    expect(stored.definition.aws_bedrock).toMatchObject({
      secret_access_key: expect.stringMatching(/^••••/),
      session_token: expect.stringMatching(/^••••/),
    });
  });

  it('a redacted value saved back unchanged keeps the stored secret and is never stored as the mask', async () => {
    for (const model of ['openai', 'bedrock-session', 'bedrock-api-key']) {
      const stored = (await (await gateway.admin('GET', `/api/admin/custom-llms/${model}`)).json()) as Stored;
      const saved = await gateway.admin('PUT', `/api/admin/custom-llms/${model}`, {
        ...stored.definition,
        display_name: `${model} renamed`,
      });
      expect(saved.status).toBe(200);
      // The emulator checks the key / signature: the real secret is still what the gateway sends.
      expect((await chat(gateway, model)).status).toBe(200);
    }
    const dump = await dumpAllTables();
    expect(dump).toContain('renamed');
    expect(dump).not.toContain(MASK);
    const decrypted = await gateway.runtime.customLlms.getWithSecrets('openai');
    expect(decrypted?.api_key).toBe(OPENAI_KEY);
  });

  it('a mask with no matching stored secret is refused, naming the field', async () => {
    const fresh = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/new-with-mask',
      openAiDefinition(gateway.emulator.url, { api_key: `${MASK}6789` }),
    );
    expect(fresh.status).toBe(400);
    const body = (await fresh.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['api_key']);

    const otherMask = await gateway.admin(
      'PUT',
      '/api/admin/custom-llms/openai',
      openAiDefinition(gateway.emulator.url, { api_key: `${MASK}zzzz` }),
    );
    expect(otherMask.status).toBe(400);
    expect(await gateway.runtime.customLlms.getWithSecrets('openai')).toMatchObject({ api_key: OPENAI_KEY });
  });
});
