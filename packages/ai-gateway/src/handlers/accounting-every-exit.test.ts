import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../create-gateway';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { AdmissionTicket } from '../gateway-deps';
import { coreTestDeps } from '../testing/core-test-deps';
import type { UsageRecord } from '../usage/usage-record';

/**
 * Exactly one usage record, and one settled admission ticket, per request whatever the exit:
 * the core driven with plain Requests against the emulator on a real socket.
 */
let emulator: EmulatorHandle;
let gateway: Gateway;
const records: UsageRecord[] = [];
const settled: string[] = [];
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0] as { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const definitions: Record<string, CustomLlmDefinition> = {
    gpt: { internal_id: 'emulator-gpt', base_url: `${emulator.url}/v1` },
    claude: {
      internal_id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      base_url: emulator.url,
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: credentials.accessKeyId,
        secret_access_key: credentials.secretAccessKey,
      },
    },
  };
  const { deps } = coreTestDeps(definitions, {
    recordUsage: (record) => records.push(record),
    admitCaller: (): AdmissionTicket => ({ settle: (record) => settled.push(record.requestId) }),
    limits: { maxRetries: 0 },
  });
  gateway = createGateway(deps);
});
afterAll(() => emulator?.close());
beforeEach(() => {
  records.length = 0;
  settled.length = 0;
  emulator.reset();
});

const post = (path: 'chat' | 'messages', body: unknown, init: RequestInit = {}) =>
  new Request(`http://gateway.test/v1/${path === 'chat' ? 'chat/completions' : 'messages'}`, {
    method: 'POST',
    headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
const chat = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  messages: [{ role: 'user', content: 'hello' }],
  ...extra,
});

/** Waits until the stream's end hooks ran (they run as the body is read or cancelled). */
async function settle(): Promise<void> {
  for (let index = 0; index < 50 && records.length === 0; index++)
    await new Promise((r) => setTimeout(r, 10));
}

describe('accounting: one record per request on every exit', () => {
  it.each(['gpt', 'claude'])('success, whole answer (%s)', async (model) => {
    const response = await gateway.chatCompletions(post('chat', chat(model)));
    expect(response.status).toBe(200);
    await response.text();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 200, target: 'default', attempts: 1, publicId: model });
    expect(records[0]?.usage.output_tokens).toBeGreaterThan(0);
    expect(settled).toEqual([records[0]?.requestId]);
  });

  it.each(['gpt', 'claude'])('success, stream read to the end (%s)', async (model) => {
    const response = await gateway.chatCompletions(post('chat', chat(model, { stream: true })));
    expect(response.status).toBe(200);
    expect(records).toHaveLength(0);
    await response.text();
    await settle();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 200, stream: true });
    expect(settled).toHaveLength(1);
  });

  it('upstream error before the answer (Bedrock throttling)', async () => {
    emulator.setScenario('*', 'throttle');
    const response = await gateway.messages(post('messages', { ...chat('claude'), max_tokens: 10 }));
    expect(response.status).toBe(429);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 429, errorCode: 'upstream_rate_limited', attempts: 1 });
    expect(settled).toHaveLength(1);
  });

  it('mid-stream failure (an exception frame after the first events)', async () => {
    emulator.setScenario('*', 'midstream-exception');
    const response = await gateway.chatCompletions(post('chat', chat('claude', { stream: true })));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"error"');
    await settle();
    expect(records).toHaveLength(1);
    expect(records[0]?.status).toBeGreaterThanOrEqual(500);
    expect(records[0]?.errorCode).toBeDefined();
    expect(settled).toHaveLength(1);
  });

  it('client abort mid-stream (the caller cancels the body)', async () => {
    emulator.setScenario('*', 'slow-drip', { delayMs: 100 });
    const response = await gateway.messages(
      post('messages', { ...chat('claude'), max_tokens: 10, stream: true }),
    );
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await settle();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 499, errorCode: 'client_closed' });
    expect(settled).toHaveLength(1);
  });

  it('validation error after authentication', async () => {
    const response = await gateway.messages(post('messages', { model: 'claude', messages: [] }));
    expect(response.status).toBe(400);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 400, errorCode: 'invalid_request', apiKeyId: 'key-1' });
    // Refused before admission: there is no ticket to settle.
    expect(settled).toHaveLength(0);
  });

  it('unknown model and refused key', async () => {
    await gateway.chatCompletions(post('chat', chat('nope')));
    await gateway.chatCompletions(
      post('chat', chat('gpt'), {
        headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      }),
    );
    expect(records.map((record) => record.status)).toEqual([404, 401]);
  });
});
