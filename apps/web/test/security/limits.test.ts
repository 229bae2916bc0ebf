import { request as httpRequest } from 'node:http';
import { insertUsageRecords } from '@gateway/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chat, errorOf } from '../faults/support/gateway-calls';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

const MAX_BODY_BYTES = 4096;
const RATE_LIMIT_PER_MINUTE = 3;

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    env: {
      GATEWAY_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      GATEWAY_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
    },
  });
  await gateway.putDefinition('gpt', openAiDefinition(gateway.emulator.url));
});
afterAll(() => gateway?.close());

async function newKey(options: { monthly_token_budget?: number } = {}): Promise<{ id: string; key: string }> {
  const response = await gateway.admin('POST', '/api/admin/api-keys', { name: 'limits', ...options });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

/** A raw request over node:http, so the test controls content-length and chunking. */
function rawPost(
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${gateway.url}${path}`, { method: 'POST', headers }, (incoming) => {
      const parts: Buffer[] = [];
      incoming.on('data', (part: Buffer) => parts.push(part));
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          body: Buffer.concat(parts).toString(),
          headers: incoming.headers,
        }),
      );
    });
    outgoing.on('error', reject);
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

const bigBody = (bytes: number) =>
  JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'x'.repeat(bytes) }] });

describe('request body cap (GATEWAY_MAX_BODY_BYTES)', () => {
  it('a declared content-length over the cap -> 413 before the body is read', async () => {
    const { key } = await newKey();
    const body = bigBody(MAX_BODY_BYTES);
    const response = await rawPost(
      '/api/gateway/v1/chat/completions',
      {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
      [body],
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('payload_too_large');
  });

  it('a chunked body with no content-length is counted as it streams -> 413', async () => {
    const { key } = await newKey();
    const body = bigBody(MAX_BODY_BYTES * 3);
    const chunks = body.match(/[\s\S]{1,1000}/g) ?? [];
    const response = await rawPost(
      '/api/gateway/v1/messages',
      { 'x-api-key': key, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      chunks,
    );
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.message).toContain(`${MAX_BODY_BYTES} bytes`);
    // The unread rest of the upload is not left on a keep-alive socket.
    expect(response.headers.connection).toBe('close');
  });

  it('a body under the cap is served', async () => {
    const { key } = await newKey();
    expect((await chat(gateway, 'gpt', { key, content: 'x'.repeat(MAX_BODY_BYTES / 2) })).status).toBe(200);
  });
});

describe('header size (node:http maxHeaderSize, 16 KiB by default)', () => {
  it('headers past the limit -> 431 from node:http, before any gateway code runs', async () => {
    const { key } = await newKey();
    const response = await rawPost(
      '/api/gateway/v1/chat/completions',
      { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-padding': 'p'.repeat(20_000) },
      [bigBody(10)],
    ).catch((error: NodeJS.ErrnoException) => ({ status: -1, body: error.code ?? '', headers: {} }));
    // node answers 431 and closes; a client may also see the reset first.
    expect([431, -1]).toContain(response.status);
  });
});

describe('per-key rate limit (GATEWAY_RATE_LIMIT_PER_MINUTE)', () => {
  it('the request past the burst -> 429 rate_limit_exceeded with retry-after; other keys are unaffected', async () => {
    const { key } = await newKey();
    for (let index = 0; index < RATE_LIMIT_PER_MINUTE; index++) {
      expect((await chat(gateway, 'gpt', { key })).status).toBe(200);
    }
    const limited = await chat(gateway, 'gpt', { key });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(limited)).code).toBe('rate_limit_exceeded');

    const other = await newKey();
    expect((await chat(gateway, 'gpt', { key: other.key })).status).toBe(200);
  });
});

describe('monthly token budget per key', () => {
  it('a key that used its budget this month -> 429 budget_exceeded with a clear message', async () => {
    const { id, key } = await newKey({ monthly_token_budget: 1_000 });
    await insertUsageRecords(gateway.runtime.database, [usageRow(id, 1_000, new Date())]);
    const response = await chat(gateway, 'gpt', { key, endpoint: 'messages' });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.message).toContain('monthly token budget (1000 of 1000 tokens)');
    expect(body.error.message).toMatch(/resets on \d{4}-\d{2}-01 \(UTC\)/);
  });

  it("last month's usage does not count", async () => {
    const { id, key } = await newKey({ monthly_token_budget: 1_000 });
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1_000);
    await insertUsageRecords(gateway.runtime.database, [usageRow(id, 5_000, lastMonth)]);
    expect((await chat(gateway, 'gpt', { key })).status).toBe(200);
  });

  it('usage recorded by this instance but not yet written counts at once', async () => {
    const { key } = await newKey({ monthly_token_budget: 60 });
    const statuses: number[] = [];
    for (let index = 0; index < RATE_LIMIT_PER_MINUTE && statuses.at(-1) !== 429; index++) {
      const response = await chat(gateway, 'gpt', { key, content: 'a prompt of more than five tokens' });
      statuses.push(response.status);
      if (response.status === 429) expect((await errorOf(response)).code).toBe('budget_exceeded');
      else await response.text();
    }
    expect(statuses[0]).toBe(200);
    expect(statuses.at(-1)).toBe(429);
  });
});

function usageRow(apiKeyId: string, tokens: number, createdAt: Date) {
  return {
    request_id: `seeded-${Math.random()}`,
    api_key_id: apiKeyId,
    public_id: 'gpt',
    status: 200,
    input_tokens: tokens,
    output_tokens: 0,
    latency_ms: 1,
    stream: false,
    created_at: createdAt,
  };
}
