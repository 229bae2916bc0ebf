import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from './create-gateway';
import type { CustomLlmDefinition } from './definition/custom-llm-definition-schema';
import { coreTestDeps } from './testing/core-test-deps';
import type { UsageRecord } from './usage/usage-record';

/**
 * The core driven with plain `Request`s: no server, no database, every impure part passed in.
 * The upstream is the emulator on a real socket.
 */
let emulator: EmulatorHandle;
let gateway: Gateway;
const records: UsageRecord[] = [];
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0]!;

beforeAll(async () => {
  emulator = await startEmulator();
  const definitions: Record<string, CustomLlmDefinition> = {
    gpt: { internal_id: 'emulator-gpt', base_url: `${emulator.url}/v1`, api_key: '' },
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
  const { deps } = coreTestDeps(definitions, { recordUsage: (record) => records.push(record) });
  gateway = createGateway(deps);
});
afterAll(() => emulator?.close());

const chat = (body: unknown, key = 'caller-key') =>
  new Request('http://gateway.test/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('createGateway', () => {
  it('passes an OpenAI-compatible completion through and records its usage', async () => {
    const response = await gateway.chatCompletions(
      chat({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^request-/);
    const body = (await response.json()) as {
      choices: { message: { content: string } }[];
      usage: { completion_tokens: number };
    };
    expect(body.choices[0]?.message.content).toContain('hi');
    const record = records.at(-1);
    expect(record).toMatchObject({ publicId: 'gpt', apiKeyId: 'key-1', status: 200, stream: false });
    expect(record?.usage.output_tokens).toBe(body.usage.completion_tokens);
    expect(emulator.lastRequest()?.headers.authorization).toBeUndefined();
  });

  it('relays an OpenAI-compatible stream as SSE', async () => {
    const response = await gateway.chatCompletions(
      chat({ model: 'gpt', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('translates to Claude on Bedrock with a verified signature', async () => {
    const response = await gateway.chatCompletions(
      chat({ model: 'claude', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { model: string }).model).toBe('claude');
    expect(emulator.lastRequest()?.signatureVerified).toBe(true);
  });

  it('answers the Anthropic route in the Anthropic error shape', async () => {
    const response = await gateway.messages(
      new Request('http://gateway.test/v1/messages', {
        method: 'POST',
        headers: { 'x-api-key': 'caller-key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'missing', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      }),
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('refuses a wrong caller key with 401 and lists models for a good one', async () => {
    expect((await gateway.chatCompletions(chat({ model: 'gpt', messages: [] }, 'nope'))).status).toBe(401);
    const list = await gateway.models(
      new Request('http://gateway.test/v1/models', { headers: { 'x-api-key': 'caller-key' } }),
    );
    expect(((await list.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toEqual([
      'gpt',
      'claude',
    ]);
  });
});
