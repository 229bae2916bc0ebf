import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../create-gateway';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import { coreTestDeps } from '../testing/core-test-deps';

/** Capabilities by model family on every transport, the definition's override, and Bedrock's region hint. */
let emulator: EmulatorHandle;
let gateway: Gateway;
const credentials = EMULATOR_DEFAULT_CREDENTIALS[0] as { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  emulator = await startEmulator();
  const bedrock = (region = 'us-east-1') => ({
    region,
    access_key_id: credentials.accessKeyId,
    secret_access_key: credentials.secretAccessKey,
  });
  const definitions: Record<string, CustomLlmDefinition> = {
    'anthropic-api': {
      internal_id: 'claude-sonnet-4-5',
      base_url: emulator.url,
      api_key: 'anthropic-key',
      openclaw_settings: { api_adapter: 'anthropic-messages' },
    },
    'bedrock-claude': {
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      base_url: emulator.url,
      aws_bedrock: bedrock(),
    },
    'bedrock-opus-4-7': {
      internal_id: 'us.anthropic.claude-opus-4-7',
      base_url: emulator.url,
      aws_bedrock: bedrock(),
    },
    'app-profile': {
      internal_id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3',
      base_url: emulator.url,
      aws_bedrock: bedrock(),
    },
    'app-profile-declared': {
      internal_id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3',
      base_url: emulator.url,
      aws_bedrock: bedrock(),
      capabilities: { thinking: 'budget' },
    },
    'claude-no-thinking': {
      internal_id: 'claude-sonnet-4-5',
      base_url: emulator.url,
      openclaw_settings: { api_adapter: 'anthropic-messages' },
      capabilities: { thinking: 'none' },
    },
    'bare-id-in-eu': {
      internal_id: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      base_url: emulator.url,
      aws_bedrock: bedrock('eu-west-1'),
    },
  };
  gateway = createGateway(coreTestDeps(definitions, { limits: { maxRetries: 0 } }).deps);
});
afterAll(() => emulator?.close());

async function thinkingSentFor(model: string): Promise<unknown> {
  const before = emulator.requests.length;
  await gateway.chatCompletions(
    new Request('http://gateway.test/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        reasoning_effort: 'high',
        messages: [{ role: 'user', content: 'think' }],
      }),
    }),
  );
  const sent = emulator.requests.slice(before).at(-1);
  return JSON.parse(sent?.body ?? '{}').thinking;
}

describe('reasoning_effort reaches every Claude upstream by model family', () => {
  it('on the Anthropic API (the id names no Bedrock model)', async () => {
    expect(await thinkingSentFor('anthropic-api')).toEqual({ type: 'enabled', budget_tokens: 16384 });
  });

  it('on Bedrock', async () => {
    expect(await thinkingSentFor('bedrock-claude')).toEqual({ type: 'enabled', budget_tokens: 16384 });
  });

  it('as adaptive thinking with the effort on an adaptive-only model (Opus 4.7 refuses a budget)', async () => {
    const response = await gateway.chatCompletions(
      new Request('http://gateway.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'bedrock-opus-4-7',
          reasoning_effort: 'high',
          messages: [{ role: 'user', content: 'think' }],
        }),
      }),
    );
    expect(response.status).toBe(200);
    const sent = JSON.parse(emulator.requests.at(-1)?.body ?? '{}');
    expect(sent.thinking).toEqual({ type: 'adaptive' });
    expect(sent.output_config).toEqual({ effort: 'high' });
  });

  it("follows the definition's capabilities over what the id says", async () => {
    expect(await thinkingSentFor('app-profile')).toBeUndefined();
    expect(await thinkingSentFor('app-profile-declared')).toEqual({ type: 'enabled', budget_tokens: 16384 });
    expect(await thinkingSentFor('claude-no-thinking')).toBeUndefined();
  });
});

describe('Bedrock errors on a live request', () => {
  it('name the inference profile to use for the definition region', async () => {
    const response = await gateway.messages(
      new Request('http://gateway.test/v1/messages', {
        method: 'POST',
        headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'bare-id-in-eu',
          max_tokens: 10,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain(
      'Set internal_id to the inference profile eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
    );
  });
});
